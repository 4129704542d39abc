"""The document's numpy notebook (docs/notebook/document-notebook.txt), code cells in order, as written.

Run it with `python3 notebook_as_written.py`: it prints the notebook's 40 epoch lines (the document's own output
stops in the middle of epoch 4).

Changes from the notebook, each marked "CHANGE" below; none of them touches the arithmetic:
  1. The cells are concatenated in document order (In[8], In[1], In[7], In[11], In[21], In[17], In[32], In[34],
     In[40]); the Chinese comments are translated to English.
  2. `update_params` reads W1_grad ... b3_grad as module globals, exactly as in the notebook (the training loop runs
     at module level, so those names are globals there). Nothing had to change for it to run; it only works because
     the loop is at module scope, which is kept.
  3. The loop also appends each epoch's loss and gradients (copies) to `history`, so that compare.py can read the
     values without parsing the printed text.
"""

# In[8]:
# Problem statement:
# Suppose we have a simple three-layer fully-connected neural network for a classification task:
# input layer: 3 neurons
# hidden layer 1: 4 neurons, ReLU activation
# hidden layer 2: 2 neurons, ReLU activation
# output layer: 3 neurons, Softmax activation

# In[1]:
import numpy as np


# In[7]:
# relu activation function
def relu(a):
    return np.maximum(0, a)


# In[11]:
# softmax activation function
def softmax(b):
    z = np.exp(b - np.max(b))
    return z / np.sum(z)


# In[21]:
# forward pass, computing the output y_pred
def forward(W1, W2, W3, b1, b2, b3, X):
    Z1 = np.dot(X, W1.T) + b1.T  # ndarray(2,4)
    H1 = relu(Z1)  # ndarray(2,4)

    Z2 = np.dot(H1, W2.T) + b2  # ndarray(2,2)
    H2 = relu(Z2)  # ndarray(2,2)

    Z3 = np.dot(H2, W3.T) + b3.T
    y_pred = softmax(Z3)  # ndarray(2,3)

    return Z1, H1, Z2, H2, Z3, y_pred


# In[17]:
# the loss function
def compute_loss(y_pred, y_true):
    loss = (y_pred - y_true) ** 2 / 2  # ndarray(2,3)
    return loss


# In[32]:
# backward pass, computing the parameter derivatives
def backward(y_pred, y_true, H1, H2, Z1, Z2, Z3, W2, W3, X):
    y_diff = y_pred - y_true  # ndarray (2,3)

    dz3 = y_diff  # ndarray(2,3)
    b3_grad = dz3.mean(axis=0, keepdims=True).T  # ndarray(3,1)
    W3_grad = np.dot(dz3.T, H2)  # ndarray(3,2)

    dh2 = np.dot(dz3, W3)  # shape(2,2)
    dz2 = dh2 * (Z2 > 0)  # shape(2,2)
    b2_grad = np.mean(dz2, axis=0, keepdims=True).T  # shape(2,1)
    W2_grad = np.dot(dz2.T, H1)

    dh1 = np.dot(dz2.T, W2)  # shape(2,4)
    dz1 = dh1 * (Z1 > 0)  # shape(2,4)
    b1_grad = np.mean(dz1, axis=0, keepdims=True).T  # shape(4,1)
    W1_grad = np.dot(dz1.T, X)  # shape(4,3)

    return W1_grad, W2_grad, W3_grad, b1_grad, b2_grad, b3_grad


# In[34]:
# update the parameters (weights, biases)
def update_params(W1, W2, W3, b1, b2, b3, learning_rate):
    # CHANGE 2 (none needed): W1_grad ... b3_grad below are module globals, set by the training loop.
    W1 -= learning_rate * W1_grad
    W2 -= learning_rate * W2_grad
    W3 -= learning_rate * W3_grad

    b1 -= learning_rate * b1_grad
    b2 -= learning_rate * b2_grad
    b3 -= learning_rate * b3_grad
    return W1, W2, W3, b1, b2, b3


# In[40]:
X = np.array([[0.2, 0.4, 0.1],
              [0.7, 0.3, 0.8]])  # ndarray (2, 3)

y_true = np.array([[1, 0, 0],
                   [0, 0, 1]])  # ndarray(2, 3)

W1 = np.array([[0.1, 0.2, 0.3],
               [0.4, 0.5, 0.6],
               [0.7, 0.8, 0.9],  # ndarray(4, 3)
               [0.2, 0.3, 0.1]])  # (input layer to hidden layer 1)

b1 = np.array([[0.1],
               [0.2],
               [0.3],  # ndarray(4, 1)
               [0.1]])  # (hidden layer 1 bias)

W2 = np.array([[0.5, 0.4, 0.3, 0.2],  # ndarray(2, 4)
               [0.1, 0.6, 0.7, 0.8]])  # (hidden layer 1 to hidden layer 2)

b2 = np.array([[0.2],  # ndarray(2, 1)
               [0.3]])  # (hidden layer 2 bias)

W3 = np.array([[0.9, 0.8],
               [0.7, 0.6],  # ndarray(3, 2)
               [0.5, 0.4]])  # (hidden layer 2 to output layer)

b3 = np.array([[0.1],
               [0.2],  # ndarray(3, 1)
               [0.3]])  # (output layer bias)

learning_rate = 0.02

epochs = 40

history = []  # CHANGE 3: added; filled below, read by compare.py

for epoch in range(epochs):
    Z1, H1, Z2, H2, Z3, y_pred = forward(W1, W2, W3, b1, b2, b3, X)
    loss = compute_loss(y_pred, y_true)

    W1_grad, W2_grad, W3_grad, b1_grad, b2_grad, b3_grad = backward(y_pred, y_true, H1, H2, Z1, Z2, Z3, W2, W3, X)
    # CHANGE 3: added; records this epoch's values before update_params changes the parameters in place.
    history.append({"epoch": epoch + 1, "loss": float(loss.mean()), "y_pred": y_pred.copy(),
                    "W1_grad": W1_grad.copy(), "W2_grad": W2_grad.copy(), "W3_grad": W3_grad.copy(),
                    "b1_grad": b1_grad.copy(), "b2_grad": b2_grad.copy(), "b3_grad": b3_grad.copy()})
    W1, W2, W3, b1, b2, b3 = update_params(W1, W2, W3, b1, b2, b3, learning_rate)

    print("epoch:", epoch + 1,
          "loss", np.round(loss.mean(), 4),
          "W1_grad", np.round(W1_grad.flatten(), 2),
          "W2_grad", np.round(W2_grad.flatten(), 2),
          "W3_grad", np.round(W3_grad.flatten(), 2),
          "b1_grad", np.round(b1_grad.flatten(), 2),
          "b2_grad", np.round(b2_grad.flatten(), 2),
          "b3_grad", np.round(b3_grad.flatten(), 2)
          )
