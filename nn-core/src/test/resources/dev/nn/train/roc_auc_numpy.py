"""Expected ROC AUC values for RocAucTest, by an independent method: over every (positive, negative) pair,
1 when the positive scores higher, 1/2 on a tie (the definition scikit-learn's roc_auc_score computes).

Run: python3 roc_auc_numpy.py > roc_auc_numpy.txt
Each output line: the AUC, then the scores, then the labels (1 positive, 0 negative), separated by ';'.
"""
import numpy as np

rng = np.random.default_rng(7)
cases = [
    (np.array([0.1, 0.4, 0.35, 0.8]), np.array([0, 0, 1, 1])),
    (np.array([0.5, 0.5, 0.5, 0.5]), np.array([0, 1, 0, 1])),
    (np.array([0.2, 0.2, 0.7, 0.7, 0.7, 0.1, 0.9]), np.array([1, 0, 1, 0, 0, 0, 1])),
    (np.round(rng.random(40), 1), rng.integers(0, 2, 40)),
]
for scores, labels in cases:
    pos = scores[labels == 1]
    neg = scores[labels == 0]
    diff = pos[:, None] - neg[None, :]
    auc = ((diff > 0).sum() + 0.5 * (diff == 0).sum()) / (len(pos) * len(neg))
    print(repr(float(auc)), ";", " ".join(repr(float(s)) for s in scores), ";", " ".join(str(int(l)) for l in labels))
