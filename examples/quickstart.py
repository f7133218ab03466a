"""Fit y = 2x + 1 by gradient descent: the ten lines every autograd course starts with."""
import torchless as torch

x = torch.linspace(-1, 1, 50).unsqueeze(1)
y = 2 * x + 1
w = torch.zeros(1, requires_grad=True)
b = torch.zeros(1, requires_grad=True)
for step in range(200):
    loss = ((x * w + b - y) ** 2).mean()
    loss.backward()
    with torch.no_grad():
        w -= 0.1 * w.grad
        b -= 0.1 * b.grad
        w.grad.zero_()
        b.grad.zero_()
print(f"w = {w.item():.4f}, b = {b.item():.4f}, loss = {loss.item():.2e}")
print(loss.grad_fn, loss.grad_fn.next_functions)
