"""digest(): the hash caches key files and texts on (the result cache, templates' files)."""
try:  # hashlib would load OpenSSL (a few ms); blake2 is built in
    from _blake2 import blake2b as _blake2b
except ImportError:  # pragma: no cover - other Python implementations
    from hashlib import blake2b as _blake2b


def digest(data: bytes) -> str:
    return _blake2b(data, digest_size=16).hexdigest()


def checksum(data: bytes, size: int) -> bytes:
    """The raw BLAKE2b checksum of ``data`` in ``size`` bytes (gilint.cache seals its entries)."""
    return _blake2b(data, digest_size=size).digest()
