"""Caser (Tang & Wang, WSDM 2018) as implemented in DROS (``Caser``): horizontal convolutions of
heights ``filter_sizes`` (max-pooled over time) and one vertical convolution over the L x H embedding
"image" of the history, concatenated, dropout, output layer ``s_fc``.

    emb   = item_emb(history) * padding_mask                  [B, 1, L, H]
    h_k   = maxpool_t relu(conv_(k x H)(emb))                 [B, F]  for k in filter_sizes
    v     = relu(conv_(L x 1)(emb))                           [B, H]
    state = dropout([h_2, h_3, h_4, v])                       [B, F * len(filter_sizes) + H]

Deviations from DROS: none in the function (DROS defaults: 16 filters of heights 2, 3, 4). Like DROS,
it sees the whole right-padded window (padding embeddings are zeroed), not just the last position.
Scores are gathered for the candidates (see ``base.py``). Training (train.py / config.yaml): embeddings
start at N(0, 0.05^2) (DROS: N(0, 1)), lr 3e-3 (DROS: 1e-3), L2 chosen on validation.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

from base import SequentialRecommender


class Caser(SequentialRecommender):
    """history int64[B, L] -> state float[B, F * len(filter_sizes) + H]."""

    def __init__(self, item_count, max_history=10, hidden=64, dropout=0.1, num_filters=16,
                 filter_sizes=(2, 3, 4), **_):
        super().__init__(item_count, max_history, num_filters * len(filter_sizes) + hidden)
        self.item_embeddings = nn.Embedding(item_count + 1, hidden)
        self.horizontal_cnn = nn.ModuleList(
            [nn.Conv2d(1, num_filters, (k, hidden)) for k in filter_sizes])
        self.vertical_cnn = nn.Conv2d(1, 1, (max_history, 1))
        self.dropout = nn.Dropout(dropout)

    def encode(self, history):
        """history int64[B, L] -> float[B, D]."""
        emb = (self.item_embeddings(history) * self.padding_mask(history)).unsqueeze(1)  # [B,1,L,H]
        pooled = []
        for cnn in self.horizontal_cnn:
            h = F.relu(cnn(emb)).squeeze(3)             # [B, F, L-k+1]
            pooled.append(torch.max(h, dim=2).values)   # [B, F]
        v = F.relu(self.vertical_cnn(emb)).flatten(1)  # [B, H]
        return self.dropout(torch.cat(pooled + [v], dim=1))
