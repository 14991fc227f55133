using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Pipeline.Testing.Spreadsheets.Encryption;

/// <summary>How <see cref="OfficeEncryptor.Agile"/> encrypts: the hash and AES key size, and the spin count the descriptor states.</summary>
public sealed record AgileOptions(HashAlgorithmName Hash, int KeyBits, int SpinCount = 100_000)
{
    /// <summary>Changes the XML descriptor after it is written, for hostile files.</summary>
    public Func<string, string>? EditDescriptor { get; init; }
}

/// <summary>The two streams of an encrypted package, before they are put in a compound file.</summary>
public sealed record EncryptedStreams(byte[] EncryptionInfo, byte[] EncryptedPackage)
{
    public CompoundFileImage ToCompoundFile() => CompoundFileWriter.Write(("EncryptionInfo", EncryptionInfo), ("EncryptedPackage", EncryptedPackage));

    public byte[] ToBytes() => ToCompoundFile().Bytes;
}

/// <summary>
/// Encrypts an xlsx package the way Office does (ECMA-376, MS-OFFCRYPTO 2.3.4): standard encryption (4.2, AES-ECB,
/// SHA-1, 50,000 iterations) or agile encryption (4.4, AES-CBC in 4096-byte segments, with data integrity HMAC).
/// Written from the specification for tests, apart from the reader it tests.
/// </summary>
public static class OfficeEncryptor
{
    private const string Namespace = "http://schemas.microsoft.com/office/2006/encryption";
    private const string PasswordNamespace = "http://schemas.microsoft.com/office/2006/keyEncryptor/password";

    public static EncryptedStreams Standard(byte[] package, string password, int keyBits = 128)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var key = StandardKey(salt, password, keyBits / 8);
        using var aes = Aes.Create();
        aes.Key = key;
        var verifier = RandomNumberGenerator.GetBytes(16);
        var verifierHash = new byte[32];
        SHA1.HashData(verifier).CopyTo(verifierHash, 0);

        var csp = Encoding.Unicode.GetBytes("Microsoft Enhanced RSA and AES Cryptographic Provider\0");
        using var info = new MemoryStream();
        using var writer = new BinaryWriter(info);
        writer.Write((ushort)4);
        writer.Write((ushort)2);
        writer.Write(0x24u); // fCryptoAPI | fAES
        writer.Write(32 + csp.Length);
        writer.Write(0x24u);
        writer.Write(0u);
        writer.Write(keyBits switch { 128 => 0x660Eu, 192 => 0x660Fu, _ => 0x6610u });
        writer.Write(0x8004u); // SHA-1
        writer.Write(keyBits);
        writer.Write(0x18u); // PROV_RSA_AES
        writer.Write(0u);
        writer.Write(0u);
        writer.Write(csp);
        writer.Write(16);
        writer.Write(salt);
        writer.Write(aes.EncryptEcb(verifier, PaddingMode.None));
        writer.Write(20);
        writer.Write(aes.EncryptEcb(verifierHash, PaddingMode.None));
        writer.Flush();

        var encrypted = aes.EncryptEcb(PadTo16(package), PaddingMode.None);
        return new(info.ToArray(), [.. Size(package), .. encrypted]);
    }

    public static EncryptedStreams Agile(byte[] package, string password, AgileOptions options)
    {
        var hashName = options.Hash.Name!;
        var hashSize = HashData(options.Hash, []).Length;
        var keyBytes = options.KeyBits / 8;
        var keySalt = RandomNumberGenerator.GetBytes(16);
        var passwordSalt = RandomNumberGenerator.GetBytes(16);
        var packageKey = RandomNumberGenerator.GetBytes(keyBytes);

        // The password hash, then one key per block key; each value wrapped in AES-CBC with the password salt as IV.
        var hash = HashData(options.Hash, [.. passwordSalt, .. Encoding.Unicode.GetBytes(password)]);
        for (var i = 0; i < options.SpinCount; i++)
        {
            hash = HashData(options.Hash, [.. BitConverter.GetBytes(i), .. hash]);
        }

        byte[] Wrap(byte[] block, byte[] value) =>
            CbcEncrypt(Sized(HashData(options.Hash, [.. hash, .. block]), keyBytes), passwordSalt, PadTo16(value));

        var verifierInput = RandomNumberGenerator.GetBytes(16);
        var encryptedInput = Wrap([0xFE, 0xA7, 0xD2, 0x76, 0x3B, 0x4B, 0x9E, 0x79], verifierInput);
        var encryptedValue = Wrap([0xD7, 0xAA, 0x0F, 0x6D, 0x30, 0x61, 0x34, 0x4E], HashData(options.Hash, verifierInput));
        var encryptedKey = Wrap([0x14, 0x6E, 0x0B, 0xE7, 0xAB, 0xAC, 0xD0, 0xD6], packageKey);

        using var stream = new MemoryStream();
        stream.Write(Size(package));
        for (var segment = 0; segment * 4096 < package.Length; segment++)
        {
            var plain = package.AsSpan(segment * 4096, Math.Min(4096, package.Length - (segment * 4096))).ToArray();
            stream.Write(CbcEncrypt(packageKey, Sized(HashData(options.Hash, [.. keySalt, .. BitConverter.GetBytes(segment)]), 16), PadTo16(plain)));
        }

        var encryptedPackage = stream.ToArray();
        var hmacKey = RandomNumberGenerator.GetBytes(hashSize);
        using var hmac = IncrementalHash.CreateHMAC(options.Hash, hmacKey);
        hmac.AppendData(encryptedPackage);
        var hmacValue = hmac.GetHashAndReset();
        var encryptedHmacKey = CbcEncrypt(packageKey, Sized(HashData(options.Hash, [.. keySalt, 0x5F, 0xB2, 0xAD, 0x01, 0x0C, 0xB9, 0xE1, 0xF6]), 16), PadTo16(hmacKey));
        var encryptedHmacValue = CbcEncrypt(packageKey, Sized(HashData(options.Hash, [.. keySalt, 0xA0, 0x67, 0x7F, 0x02, 0xB2, 0x2C, 0x84, 0x33]), 16), PadTo16(hmacValue));

        string Cipher(byte[] salt) =>
            $"""saltSize="16" blockSize="16" keyBits="{options.KeyBits}" hashSize="{hashSize}" cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="{hashName}" saltValue="{Convert.ToBase64String(salt)}" """;

        var descriptor =
            $"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>""" + "\r\n" +
            $"""<encryption xmlns="{Namespace}" xmlns:p="{PasswordNamespace}">""" +
            $"""<keyData {Cipher(keySalt)}/>""" +
            $"""<dataIntegrity encryptedHmacKey="{Convert.ToBase64String(encryptedHmacKey)}" encryptedHmacValue="{Convert.ToBase64String(encryptedHmacValue)}"/>""" +
            $"""<keyEncryptors><keyEncryptor uri="{PasswordNamespace}"><p:encryptedKey spinCount="{options.SpinCount}" {Cipher(passwordSalt)}""" +
            $"""encryptedVerifierHashInput="{Convert.ToBase64String(encryptedInput)}" encryptedVerifierHashValue="{Convert.ToBase64String(encryptedValue)}" encryptedKeyValue="{Convert.ToBase64String(encryptedKey)}"/>""" +
            "</keyEncryptor></keyEncryptors></encryption>";
        descriptor = options.EditDescriptor?.Invoke(descriptor) ?? descriptor;
        byte[] info = [4, 0, 4, 0, 0x40, 0, 0, 0, .. Encoding.UTF8.GetBytes(descriptor)];
        return new(info, encryptedPackage);
    }

    /// <summary>MS-OFFCRYPTO 2.3.4.7.</summary>
    private static byte[] StandardKey(byte[] salt, string password, int keyBytes)
    {
        var hash = SHA1.HashData([.. salt, .. Encoding.Unicode.GetBytes(password)]);
        for (var i = 0; i < 50_000; i++)
        {
            hash = SHA1.HashData([.. BitConverter.GetBytes(i), .. hash]);
        }

        hash = SHA1.HashData([.. hash, 0, 0, 0, 0]);
        byte[] Stretch(byte fill) => SHA1.HashData([.. Enumerable.Range(0, 64).Select(i => (byte)((i < hash.Length ? hash[i] : 0) ^ fill))]);
        return [.. Stretch(0x36).Concat(Stretch(0x5C)).Take(keyBytes)];
    }

    private static byte[] HashData(HashAlgorithmName name, byte[] data) => name.Name switch
    {
        "SHA1" => SHA1.HashData(data),
        "SHA256" => SHA256.HashData(data),
        "SHA384" => SHA384.HashData(data),
        "SHA512" => SHA512.HashData(data),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static byte[] CbcEncrypt(byte[] key, byte[] iv, byte[] data)
    {
        using var aes = Aes.Create();
        aes.Key = key;
        return aes.EncryptCbc(data, iv, PaddingMode.None);
    }

    private static byte[] Sized(byte[] bytes, int length) => [.. bytes.Take(length), .. Enumerable.Repeat((byte)0x36, Math.Max(0, length - bytes.Length))];

    private static byte[] PadTo16(byte[] data) => [.. data, .. new byte[(16 - (data.Length % 16)) % 16]];

    private static byte[] Size(byte[] package)
    {
        var size = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(size, (ulong)package.Length);
        return size;
    }
}
