"""Independent PACE vectors for egate's tests, computed with PyCryptodome and Python integers
only (no egate code): the Integrated Mapping pseudo-random function R(s, t) for 3DES, AES-192
and AES-256 (ICAO 9303-11 §4.4.3.3.2), the 3DES authentication token (retail MAC, ISO/IEC
9797-1 algorithm 3 with padding method 2) and AES-256 Chip Authentication Mapping encryption.

Run: python3 independent_vectors.py  (needs pycryptodome); the printed values are pasted into
core/tests/pace_independent_vectors.rs.
"""

from Crypto.Cipher import AES, DES, DES3

C0_128 = bytes.fromhex("a668892a7c41e3ca739f40b057d85904")
C1_128 = bytes.fromhex("a4e136ac725f738b01c1f60217c188ad")
C0_256 = bytes.fromhex("d463d65234124ef7897054986dca0a174e28df758cbaa03f240616414d5a1676")
C1_256 = bytes.fromhex("54bd7255f0aaf831bec3423fcf39d69b6cbf066677d0faae5aadd99df8e53517")


def encrypt(cipher, key, data):
    if cipher == "3DES":
        return DES3.new(key, DES3.MODE_CBC, bytes(8)).encrypt(data)
    return AES.new(key, AES.MODE_CBC, bytes(16)).encrypt(data)


def pseudo_random(cipher, key_len, s, t, prime_bits):
    c0, c1 = (C0_128, C1_128) if key_len == 16 else (C0_256, C1_256)
    n = -(-(prime_bits + 64) // (len(c1) * 8))
    key = encrypt(cipher, t, s)
    out = b""
    for _ in range(n):
        key = key[:key_len]
        out += encrypt(cipher, key, c1)
        key = encrypt(cipher, key, c0)
    return out


def pad(data, block):
    data = data + b"\x80"
    return data + bytes(-len(data) % block)


def retail_mac(key, data):
    k1, k2 = key[:8], key[8:16]
    state = bytes(8)
    for i in range(0, len(data), 8):
        block = bytes(a ^ b for a, b in zip(state, data[i:i + 8]))
        state = DES.new(k1, DES.MODE_ECB).encrypt(block)
    state = DES.new(k2, DES.MODE_ECB).decrypt(state)
    return DES.new(k1, DES.MODE_ECB).encrypt(state)


def tlv(tag, value):
    tag_bytes = tag.to_bytes((tag.bit_length() + 7) // 8, "big")
    length = len(value)
    if length < 0x80:
        encoded = bytes([length])
    elif length < 0x100:
        encoded = bytes([0x81, length])
    else:
        encoded = bytes([0x82]) + length.to_bytes(2, "big")
    return tag_bytes + encoded + value


s16 = bytes(range(0x10, 0x20))
s32 = bytes(range(0x20, 0x40))
t16 = bytes(range(0x40, 0x50))
t24 = bytes(range(0x50, 0x68))
t32 = bytes(range(0x70, 0x90))
print("R 3DES p256   ", pseudo_random("3DES", 16, s16, t16, 256).hex().upper())
print("R AES-192 p256", pseudo_random("AES", 24, s32, t24, 256).hex().upper())
print("R AES-256 p521", pseudo_random("AES", 32, s32, t32, 521).hex().upper())

# 3DES token over an ECDH-GM-3DES public key data object (id-PACE-ECDH-GM-3DES-CBC-CBC).
oid = bytes.fromhex("04007F00070202040201")
point = bytes([0x04]) + bytes(range(1, 65))
ks_mac = bytes.fromhex("0123456789ABCDEFFEDCBA9876543210")
data = tlv(0x7F49, tlv(0x06, oid) + tlv(0x86, point))
print("T 3DES        ", retail_mac(ks_mac, pad(data, 8)).hex().upper())

# CAM with AES-256: A = AES-256-CBC(KS_enc, IV = AES-256(KS_enc, FF..FF), pad(CA)).
ks_enc = bytes(range(0xA0, 0xC0))
ca = bytes(range(0x01, 0x21))
iv = AES.new(ks_enc, AES.MODE_ECB).encrypt(b"\xff" * 16)
print("A AES-256     ", AES.new(ks_enc, AES.MODE_CBC, iv).encrypt(pad(ca, 16)).hex().upper())
