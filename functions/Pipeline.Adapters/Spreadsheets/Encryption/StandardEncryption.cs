using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Pipeline.Adapters.Spreadsheets.Encryption;

/// <summary>
/// ECMA-376 standard encryption (EncryptionInfo 2.2, 3.2 or 4.2, CryptoAPI with AES; MS-OFFCRYPTO 2.3.4.5–2.3.4.9):
/// a SHA-1 key hashed 50,000 times, checked against the verifier, and the package in AES-ECB.
/// </summary>
internal static class StandardEncryption
{
    private const int SpinCount = 50_000;
    private const uint CryptoApi = 0x04;
    private const uint External = 0x10;
    private const uint AesFlag = 0x20;
    private const int VerifierBytes = 16;
    private const int AesVerifierHashBytes = 32;

    /// <summary>The package key for <paramref name="password"/>, or null when the password is not this file's or its algorithm is not one of ours.</summary>
    public static byte[]? Key(ReadOnlySpan<byte> info, string password)
    {
        // Version (4 bytes), flags (4), header size (4), header, verifier.
        if (info.Length < 12)
        {
            throw new InvalidDataException("Standard encryption header cut short.");
        }

        var flags = BinaryPrimitives.ReadUInt32LittleEndian(info[4..]);
        var headerSize = BinaryPrimitives.ReadUInt32LittleEndian(info[8..]);
        if (headerSize < 32 || headerSize > info.Length - 12)
        {
            throw new InvalidDataException("Standard encryption header size.");
        }

        var header = info.Slice(12, (int)headerSize);
        var keyBits = BinaryPrimitives.ReadUInt32LittleEndian(header[16..]);
        var algorithm = BinaryPrimitives.ReadUInt32LittleEndian(header[8..]);
        var hash = BinaryPrimitives.ReadUInt32LittleEndian(header[12..]);
        // RC4 (no fAES), an external provider, or a key that does not match its AES variant: nothing of ours decrypts it.
        if ((flags & (CryptoApi | AesFlag)) != (CryptoApi | AesFlag) || (flags & External) != 0 || hash is not (0 or 0x8004)
            || (algorithm, keyBits) is not ((0 or 0x660E, 128) or (0x660F, 192) or (0x6610, 256)))
        {
            return null;
        }

        var verifier = info[(12 + (int)headerSize)..];
        if (verifier.Length < 4 + VerifierBytes + VerifierBytes + 4 + AesVerifierHashBytes
            || BinaryPrimitives.ReadUInt32LittleEndian(verifier) != VerifierBytes
            || BinaryPrimitives.ReadUInt32LittleEndian(verifier[36..]) != SHA1.HashSizeInBytes)
        {
            throw new InvalidDataException("Standard encryption verifier.");
        }

        var key = DeriveKey(verifier.Slice(4, VerifierBytes), password, (int)keyBits / 8);
        using var aes = OfficeCrypto.CreateAes(key);
        var plainVerifier = aes.DecryptEcb(verifier.Slice(20, VerifierBytes), PaddingMode.None);
        var plainHash = aes.DecryptEcb(verifier.Slice(40, AesVerifierHashBytes), PaddingMode.None);
        return CryptographicOperations.FixedTimeEquals(SHA1.HashData(plainVerifier), plainHash.AsSpan(0, SHA1.HashSizeInBytes)) ? key : null;
    }

    /// <summary>Decrypts <paramref name="data"/> in place: whole AES blocks, as the caller checked.</summary>
    public static void Decrypt(byte[] key, Span<byte> data)
    {
        using var aes = OfficeCrypto.CreateAes(key);
        aes.DecryptEcb(data, data, PaddingMode.None);
    }

    /// <summary>MS-OFFCRYPTO 2.3.4.7: the iterated hash with block 0, stretched to the key size through the 0x36/0x5C pads.</summary>
    private static byte[] DeriveKey(ReadOnlySpan<byte> salt, string password, int keyBytes)
    {
        var final = OfficeCrypto.Hash(HashAlgorithmName.SHA1, OfficeCrypto.IteratedPasswordHash(HashAlgorithmName.SHA1, salt, password, SpinCount), [0, 0, 0, 0]);
        var derived = new byte[2 * SHA1.HashSizeInBytes];
        Pad(final, 0x36).CopyTo(derived, 0);
        Pad(final, 0x5C).CopyTo(derived, SHA1.HashSizeInBytes);
        return derived[..keyBytes];
    }

    private static byte[] Pad(byte[] hash, byte fill)
    {
        var buffer = new byte[64];
        buffer.AsSpan().Fill(fill);
        for (var i = 0; i < hash.Length; i++)
        {
            buffer[i] ^= hash[i];
        }

        return SHA1.HashData(buffer);
    }
}
