using System.Security.Cryptography;
using System.Text;

namespace Pipeline.Adapters.Spreadsheets.Encryption;

/// <summary>The primitives both ECMA-376 encryptions share (MS-OFFCRYPTO): hashes by name, the iterated password hash, AES without padding.</summary>
internal static class OfficeCrypto
{
    public static int HashSize(HashAlgorithmName algorithm) => algorithm.Name switch
    {
        "SHA1" => SHA1.HashSizeInBytes,
        "SHA256" => SHA256.HashSizeInBytes,
        "SHA384" => SHA384.HashSizeInBytes,
        "SHA512" => SHA512.HashSizeInBytes,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm.Name, "Not a hash of ECMA-376 encryption."),
    };

    public static byte[] Hash(HashAlgorithmName algorithm, ReadOnlySpan<byte> first, ReadOnlySpan<byte> second)
    {
        using var hash = IncrementalHash.CreateHash(algorithm);
        hash.AppendData(first);
        hash.AppendData(second);
        return hash.GetHashAndReset();
    }

    /// <summary>H0 = H(salt + password), then H(i + Hi-1) for i below <paramref name="spinCount"/> (MS-OFFCRYPTO 2.3.4.7, 2.3.4.11).</summary>
    public static byte[] IteratedPasswordHash(HashAlgorithmName algorithm, ReadOnlySpan<byte> salt, string password, int spinCount)
    {
        var size = HashSize(algorithm);
        // The iterator (4 bytes, little-endian) followed by the previous hash, rehashed in place.
        var buffer = new byte[4 + size];
        Hash(algorithm, salt, Encoding.Unicode.GetBytes(password)).CopyTo(buffer, 4);
        using var hash = IncrementalHash.CreateHash(algorithm);
        for (var i = 0; i < spinCount; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(buffer, i);
            hash.AppendData(buffer);
            hash.GetHashAndReset(buffer.AsSpan(4));
        }

        return buffer[4..];
    }

    /// <summary>Cut to <paramref name="length"/> bytes, or filled up with 0x36, as keys and IVs are sized (MS-OFFCRYPTO 2.3.4.11, 2.3.4.12).</summary>
    public static byte[] Fit(byte[] bytes, int length)
    {
        var fitted = new byte[length];
        fitted.AsSpan().Fill(0x36);
        bytes.AsSpan(0, Math.Min(length, bytes.Length)).CopyTo(fitted);
        return fitted;
    }

    public static Aes CreateAes(byte[] key)
    {
        var aes = Aes.Create();
        aes.Key = key;
        return aes;
    }
}
