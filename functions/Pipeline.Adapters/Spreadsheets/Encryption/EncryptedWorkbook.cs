using System.Buffers.Binary;
using Pipeline.Core.Sheets;
using Pipeline.Core.Validation;

namespace Pipeline.Adapters.Spreadsheets.Encryption;

/// <summary>
/// An encrypted xlsx: an OLE compound file whose EncryptedPackage stream holds the zip, encrypted as its EncryptionInfo
/// stream says. Excel encrypts a workbook that is only write-protected with the password "VelvetSweatshop" and opens it
/// without asking; those are decrypted and read as any xlsx. Any other password leaves the file <c>file.encrypted</c>.
/// </summary>
internal static class EncryptedWorkbook
{
    public const string DefaultPassword = "VelvetSweatshop";

    /// <summary>Real descriptors are a few kilobytes; certificate key encryptors make them larger, never this large.</summary>
    private const int MaxEncryptionInfoBytes = 1024 * 1024;

    private const int SizeFieldBytes = 8;
    private const int AesBlockBytes = 16;

    /// <summary>
    /// The decrypted package of <paramref name="stream"/>, as a stream the xlsx reader opens. Throws
    /// <see cref="SpreadsheetRejectedException"/> with <c>file.encrypted</c> when <paramref name="password"/> is not the
    /// file's (or its encryption is not ECMA-376 AES), and <see cref="InvalidDataException"/> when it is damaged.
    /// </summary>
    public static Stream Decrypt(Stream stream, ReadBudget budget, string password = DefaultPassword)
    {
        var file = budget.File;
        var limits = budget.Limits;
        var compound = CompoundFile.Open(stream, budget);
        var info = compound.ReadRootStream("EncryptionInfo", MaxEncryptionInfoBytes) ?? throw new InvalidDataException("No EncryptionInfo stream.");
        // Decrypted in place: the package is never held twice.
        var package = compound.ReadRootStream("EncryptedPackage", Math.Min(limits.MaxFileBytes, stream.Length)) ?? throw new InvalidDataException("No EncryptedPackage stream.");
        if (info.Length < 8 || package.Length < SizeFieldBytes)
        {
            throw new InvalidDataException("Encryption streams cut short.");
        }

        var data = package.AsSpan(SizeFieldBytes);
        var size = BinaryPrimitives.ReadUInt64LittleEndian(package);
        // The encrypted bytes are whole AES blocks and at least the stated size (the last block is padded).
        if (size > (ulong)data.Length || data.Length % AesBlockBytes != 0)
        {
            throw new InvalidDataException("EncryptedPackage shorter than its stated size.");
        }

        var version = (BinaryPrimitives.ReadUInt16LittleEndian(info), BinaryPrimitives.ReadUInt16LittleEndian(info.AsSpan(2)));
        switch (version)
        {
            case (2 or 3 or 4, 2):
                var standardKey = StandardEncryption.Key(info, password) ?? throw Refused(file);
                StandardEncryption.Decrypt(standardKey, data);
                break;
            case (4, 4):
                var agile = AgileEncryption.Read(info);
                var agileKey = agile.Key(password) ?? throw Refused(file);
                if (!agile.IntegrityHolds(agileKey, package))
                {
                    throw new InvalidDataException("EncryptedPackage fails its HMAC.");
                }

                agile.Decrypt(agileKey, data);
                break;
            default:
                // Extensible encryption (3.3, 4.3) and anything newer: a custom provider nothing here has.
                throw Refused(file);
        }

        return new MemoryStream(package, SizeFieldBytes, (int)size, writable: false);
    }

    private static SpreadsheetRejectedException Refused(string file) => new(FileFindings.Encrypted(file));
}
