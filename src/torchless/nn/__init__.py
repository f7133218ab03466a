"""torchless.nn: modules, layers, losses, functional and init, with PyTorch's names and defaults."""
