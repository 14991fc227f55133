using System.IO.Compression;
using System.Text;

namespace Pipeline.Testing.Spreadsheets;

/// <summary>Rewrites a zip package part by part, so a test can swap in a hand-written or hostile part.</summary>
public static class ZipParts
{
    /// <summary>A copy of <paramref name="package"/> with <paramref name="part"/> holding <paramref name="xml"/> (added if missing).</summary>
    public static byte[] Replace(byte[] package, string part, string xml) =>
        Replace(package, part, stream => stream.Write(Encoding.UTF8.GetBytes(xml)));

    /// <summary>
    /// A copy of <paramref name="package"/> with <paramref name="part"/> streamed by <paramref name="write"/>, in the
    /// part's place (added at the end if missing), or left out when <paramref name="write"/> is null.
    /// </summary>
    public static byte[] Replace(
        byte[] package, string part, Action<Stream>? write, CompressionLevel compression = CompressionLevel.Optimal)
    {
        using var output = new MemoryStream();
        using (var source = new ZipArchive(new MemoryStream(package), ZipArchiveMode.Read))
        using (var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            var replaced = false;
            foreach (var entry in source.Entries)
            {
                if (entry.FullName == part)
                {
                    Write(target, part, write, compression);
                    replaced = true;
                    continue;
                }

                using var from = entry.Open();
                using var to = target.CreateEntry(entry.FullName, CompressionLevel.Optimal).Open();
                from.CopyTo(to);
            }

            if (!replaced)
            {
                Write(target, part, write, compression);
            }
        }

        return output.ToArray();
    }

    private static void Write(ZipArchive target, string part, Action<Stream>? write, CompressionLevel compression)
    {
        if (write is not null)
        {
            using var stream = target.CreateEntry(part, compression).Open();
            write(stream);
        }
    }
}
