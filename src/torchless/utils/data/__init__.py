"""torchless.utils.data: Dataset, DataLoader, samplers and random_split, as in PyTorch."""
