using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Xml;

namespace Pipeline.Adapters.Spreadsheets.Encryption;

/// <summary>
/// ECMA-376 agile encryption (EncryptionInfo 4.4, an XML descriptor; MS-OFFCRYPTO 2.3.4.10–2.3.4.15): a password key
/// encryptor whose verifier says whether the password is right, the package key it wraps, the package in 4096-byte
/// AES-CBC segments and an HMAC over the encrypted package.
/// </summary>
internal sealed class AgileEncryption
{
    /// <summary>The specification's ceiling; a file asking for more would keep a reader hashing for hours.</summary>
    public const int MaxSpinCount = 10_000_000;

    private const int SegmentBytes = 4096;
    private const string EncryptionNamespace = "http://schemas.microsoft.com/office/2006/encryption";
    private const string PasswordNamespace = "http://schemas.microsoft.com/office/2006/keyEncryptor/password";

    private static readonly byte[] VerifierInputBlock = [0xFE, 0xA7, 0xD2, 0x76, 0x3B, 0x4B, 0x9E, 0x79];
    private static readonly byte[] VerifierValueBlock = [0xD7, 0xAA, 0x0F, 0x6D, 0x30, 0x61, 0x34, 0x4E];
    private static readonly byte[] KeyValueBlock = [0x14, 0x6E, 0x0B, 0xE7, 0xAB, 0xAC, 0xD0, 0xD6];
    private static readonly byte[] HmacKeyBlock = [0x5F, 0xB2, 0xAD, 0x01, 0x0C, 0xB9, 0xE1, 0xF6];
    private static readonly byte[] HmacValueBlock = [0xA0, 0x67, 0x7F, 0x02, 0xB2, 0x2C, 0x84, 0x33];

    private static readonly XmlReaderSettings XmlSettings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = true,
    };

    private AgileEncryption(CipherParameters keyData, CipherParameters? passwordKey, int spinCount, byte[]? hmacKey, byte[]? hmacValue)
    {
        KeyData = keyData;
        PasswordKey = passwordKey;
        SpinCount = spinCount;
        EncryptedHmacKey = hmacKey;
        EncryptedHmacValue = hmacValue;
    }

    private CipherParameters KeyData { get; }

    /// <summary>The password key encryptor, with its wrapped verifier and key; null when the file has only certificate ones.</summary>
    private CipherParameters? PasswordKey { get; }

    private int SpinCount { get; }

    private byte[]? EncryptedHmacKey { get; }

    private byte[]? EncryptedHmacValue { get; }

    /// <summary>Reads the descriptor after the 8 bytes of version and flags; damage is an <see cref="XmlException"/> or <see cref="InvalidDataException"/>.</summary>
    public static AgileEncryption Read(byte[] info)
    {
        using var reader = XmlReader.Create(new MemoryStream(info, 8, info.Length - 8, writable: false), XmlSettings);
        CipherParameters? keyData = null;
        CipherParameters? passwordKey = null;
        var spinCount = 0;
        byte[]? hmacKey = null;
        byte[]? hmacValue = null;
        while (reader.Read())
        {
            if (reader.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            switch (reader.LocalName, reader.NamespaceURI)
            {
                case ("keyData", EncryptionNamespace):
                    keyData = CipherParameters.Read(reader);
                    break;
                case ("dataIntegrity", EncryptionNamespace):
                    hmacKey = Base64(reader, "encryptedHmacKey");
                    hmacValue = Base64(reader, "encryptedHmacValue");
                    break;
                case ("encryptedKey", PasswordNamespace):
                    passwordKey = CipherParameters.Read(reader, withKey: true);
                    spinCount = Number(reader, "spinCount");
                    break;
            }
        }

        if (keyData is null)
        {
            throw new InvalidDataException("Agile encryption without keyData.");
        }

        if (spinCount is < 0 or > MaxSpinCount)
        {
            throw new InvalidDataException("Agile encryption spin count out of range.");
        }

        return new AgileEncryption(keyData, passwordKey, spinCount, hmacKey, hmacValue);
    }

    /// <summary>The package key for <paramref name="password"/>, or null when the password is not this file's or its ciphers are not ours.</summary>
    public byte[]? Key(string password)
    {
        if (PasswordKey is not { Supported: true } encryptor || !KeyData.Supported)
        {
            return null;
        }

        var hash = OfficeCrypto.IteratedPasswordHash(encryptor.Hash, encryptor.Salt, password, SpinCount);
        var input = Unwrap(encryptor, hash, VerifierInputBlock, encryptor.VerifierHashInput!, encryptor.SaltSize);
        var value = Unwrap(encryptor, hash, VerifierValueBlock, encryptor.VerifierHashValue!, encryptor.HashSize);
        if (!CryptographicOperations.FixedTimeEquals(OfficeCrypto.Hash(encryptor.Hash, input, []), value))
        {
            return null;
        }

        return Unwrap(encryptor, hash, KeyValueBlock, encryptor.KeyValue!, KeyData.KeyBits / 8);
    }

    /// <summary>
    /// Checks the HMAC over the whole EncryptedPackage stream (size field included), when the file has one: a package
    /// changed after it was encrypted decrypts to damage the zip reader may not notice.
    /// </summary>
    public bool IntegrityHolds(byte[] key, ReadOnlySpan<byte> encryptedPackage)
    {
        if (EncryptedHmacKey is null || EncryptedHmacValue is null)
        {
            return true;
        }

        var hmacKey = DecryptValue(key, Iv(HmacKeyBlock), EncryptedHmacKey, KeyData.HashSize);
        var expected = DecryptValue(key, Iv(HmacValueBlock), EncryptedHmacValue, KeyData.HashSize);
        return CryptographicOperations.FixedTimeEquals(Hmac(hmacKey, encryptedPackage), expected);
    }

    /// <summary>Decrypts <paramref name="data"/> (whole AES blocks, as the caller checked) in place, segment by segment.</summary>
    public void Decrypt(byte[] key, Span<byte> data)
    {
        using var aes = OfficeCrypto.CreateAes(key);
        var index = new byte[4];
        for (var segment = 0; segment * (long)SegmentBytes < data.Length; segment++)
        {
            var part = data.Slice(segment * SegmentBytes, Math.Min(SegmentBytes, data.Length - (segment * SegmentBytes)));
            BinaryPrimitives.WriteInt32LittleEndian(index, segment);
            aes.DecryptCbc(part, OfficeCrypto.Fit(OfficeCrypto.Hash(KeyData.Hash, KeyData.Salt, index), KeyData.BlockSize), part, PaddingMode.None);
        }
    }

    private byte[] Iv(byte[] block) => OfficeCrypto.Fit(OfficeCrypto.Hash(KeyData.Hash, KeyData.Salt, block), KeyData.BlockSize);

    private byte[] Hmac(byte[] key, ReadOnlySpan<byte> data) => KeyData.Hash.Name switch
    {
        "SHA1" => HMACSHA1.HashData(key, data),
        "SHA256" => HMACSHA256.HashData(key, data),
        "SHA384" => HMACSHA384.HashData(key, data),
        _ => HMACSHA512.HashData(key, data),
    };

    /// <summary>A value the password key encryptor wraps: AES-CBC under the block key's hash, the encryptor's salt as IV.</summary>
    private static byte[] Unwrap(CipherParameters encryptor, byte[] passwordHash, byte[] block, byte[] encrypted, int length)
    {
        var key = OfficeCrypto.Fit(OfficeCrypto.Hash(encryptor.Hash, passwordHash, block), encryptor.KeyBits / 8);
        return DecryptValue(key, OfficeCrypto.Fit(encryptor.Salt, encryptor.BlockSize), encrypted, length);
    }

    private static byte[] DecryptValue(byte[] key, byte[] iv, byte[] encrypted, int length)
    {
        if (encrypted.Length % iv.Length != 0 || encrypted.Length < length)
        {
            throw new InvalidDataException("Agile encryption value of the wrong size.");
        }

        using var aes = OfficeCrypto.CreateAes(key);
        return aes.DecryptCbc(encrypted, iv, PaddingMode.None)[..length];
    }

    private static int Number(XmlReader reader, string name) =>
        int.Parse(reader.GetAttribute(name) ?? throw new InvalidDataException($"Agile encryption without {name}."), NumberStyles.None, CultureInfo.InvariantCulture);

    private static byte[] Base64(XmlReader reader, string name) =>
        Convert.FromBase64String(reader.GetAttribute(name) ?? throw new InvalidDataException($"Agile encryption without {name}."));

    /// <summary>The attributes keyData and a password key encryptor share, with the wrapped values of the latter.</summary>
    private sealed record CipherParameters(int SaltSize, int BlockSize, int KeyBits, int HashSize, HashAlgorithmName Hash, bool Supported, byte[] Salt)
    {
        public byte[]? VerifierHashInput { get; private init; }

        public byte[]? VerifierHashValue { get; private init; }

        public byte[]? KeyValue { get; private init; }

        public static CipherParameters Read(XmlReader reader, bool withKey = false)
        {
            var hash = reader.GetAttribute("hashAlgorithm") switch
            {
                "SHA1" => HashAlgorithmName.SHA1,
                "SHA256" => HashAlgorithmName.SHA256,
                "SHA384" => HashAlgorithmName.SHA384,
                "SHA512" => HashAlgorithmName.SHA512,
                _ => default,
            };
            var salt = Base64(reader, "saltValue");
            var parameters = new CipherParameters(Number(reader, "saltSize"), Number(reader, "blockSize"), Number(reader, "keyBits"), Number(reader, "hashSize"), hash, false, salt);
            // Only AES in CBC with one of the SHA-2 family or SHA-1 is decrypted; any other cipher leaves the file encrypted.
            var supported = hash != default && reader.GetAttribute("cipherAlgorithm") == "AES" && reader.GetAttribute("cipherChaining") == "ChainingModeCBC"
                && parameters is { BlockSize: 16, KeyBits: 128 or 192 or 256 };
            if (supported && (parameters.HashSize != OfficeCrypto.HashSize(hash) || parameters.SaltSize != salt.Length || salt.Length == 0))
            {
                throw new InvalidDataException("Agile encryption parameters that contradict each other.");
            }

            return parameters with
            {
                Supported = supported,
                VerifierHashInput = withKey ? Base64(reader, "encryptedVerifierHashInput") : null,
                VerifierHashValue = withKey ? Base64(reader, "encryptedVerifierHashValue") : null,
                KeyValue = withKey ? Base64(reader, "encryptedKeyValue") : null,
            };
        }
    }
}
