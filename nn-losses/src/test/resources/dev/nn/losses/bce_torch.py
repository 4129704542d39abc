"""Expected values for BinaryCrossEntropyTest and the weighted CrossEntropy test, computed by PyTorch in float64.

Run: /usr/bin/python3 bce_torch.py > bce_torch.txt
"""
import torch

torch.set_default_dtype(torch.float64)
logits = torch.tensor([[-2.0, 0.5, 3.0], [1.0, -0.25, -40.0]])
targets = torch.tensor([[0.0, 1.0, 1.0], [1.0, 0.0, 0.3]])


def emit(name, tensor):
    values = tensor.detach().flatten().tolist()
    print(name, " ".join(repr(v) for v in values))


p = torch.sigmoid(logits)
emit("p", p)
z = logits.clone().requires_grad_(True)
loss = torch.nn.functional.binary_cross_entropy_with_logits(z, targets)
loss.backward()
emit("bce_value", loss)
emit("bce_dz", z.grad)
q = p.clone().requires_grad_(True)
loss = torch.nn.functional.binary_cross_entropy(q, targets)
loss.backward()
emit("bce_value_from_p", loss)
emit("bce_dp", q.grad)
# class_weights [w0, w1] = torch weight per element w[t] for 0/1 targets
hard = torch.tensor([[0.0, 1.0, 1.0], [1.0, 0.0, 0.0]])
w = torch.where(hard == 1, torch.tensor(3.0), torch.tensor(0.5))
q = p.clone().requires_grad_(True)
loss = torch.nn.functional.binary_cross_entropy(q, hard, weight=w)
loss.backward()
emit("wbce_value", loss)
emit("wbce_dp", q.grad)
z = logits.clone().requires_grad_(True)
loss = torch.nn.functional.binary_cross_entropy_with_logits(z, hard, weight=w)
loss.backward()
emit("wbce_dz", z.grad)
# weighted cross-entropy after softmax, classes [0, 2]
cw = torch.tensor([1.0, 2.0, 0.5])
labels = torch.tensor([0, 2])
logits = torch.tensor([[-2.0, 0.5, 3.0], [1.0, -0.25, -4.0]])
z = logits.clone().requires_grad_(True)
loss = torch.nn.functional.cross_entropy(z, labels, weight=cw)
loss.backward()
emit("softmax", torch.softmax(logits, dim=1))
emit("wce_value", loss)
emit("wce_dz", z.grad)
s = torch.softmax(logits, dim=1).requires_grad_(True)
loss = torch.nn.functional.nll_loss(torch.log(s), labels, weight=cw)
loss.backward()
emit("wce_dp", s.grad)
