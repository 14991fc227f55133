using System.Security.Cryptography;
using System.Text;

namespace Pipeline.Core.Ingest;

/// <summary>
/// A 128-bit digest of a row key. Sets of digests detect repeats across a whole file in a fraction of the memory
/// the keys themselves would take (16 bytes a row), and a collision is as unlikely as two equal random GUIDs.
/// </summary>
public static class KeyDigest
{
    public static UInt128 Of(string key)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        var bytes = Encoding.UTF8.GetByteCount(key) <= 256 ? stackalloc byte[256] : new byte[Encoding.UTF8.GetByteCount(key)];
        var length = Encoding.UTF8.GetBytes(key, bytes);
        SHA256.HashData(bytes[..length], hash);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt128LittleEndian(hash);
    }
}
