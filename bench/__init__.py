"""Benchmarks: ``python -m bench`` runs them all and prints figure, target and verdict."""
