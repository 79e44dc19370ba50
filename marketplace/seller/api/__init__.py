"""API for sellers (mounted under /api/v1/seller/): products, photos, orders, balance, payouts."""
