using Pipeline.Core.Sheets;
using Pipeline.Core.Validation;

namespace Pipeline.Adapters.Spreadsheets;

/// <summary>
/// Reads one inflating zip entry and stops it early. Past its declared size the entry is a zip bomb: declared sizes can
/// lie, and they are what the checks before reading approved. A run of more bytes than <c>maxRunBytes</c> without a
/// '&lt;' is damage: no spreadsheet part has one, and the XML reader would build it into one giant string.
/// </summary>
internal sealed class CountingStream(Stream inner, long declaredBytes, int maxRunBytes, string file) : Stream
{
    private long total;
    private long run;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => total;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        total += read;
        if (total > declaredBytes)
        {
            throw new SpreadsheetRejectedException(FileFindings.ZipBomb(file));
        }

        Measure(buffer[..read]);
        return read;
    }

    private void Measure(ReadOnlySpan<byte> bytes)
    {
        // Reads are far shorter than the run limit, so one search for the last '<' usually settles it.
        if (run + bytes.Length <= maxRunBytes)
        {
            var last = bytes.LastIndexOf((byte)'<');
            run = last < 0 ? run + bytes.Length : bytes.Length - last - 1;
            return;
        }

        for (var next = bytes.IndexOf((byte)'<'); next >= 0; next = bytes.IndexOf((byte)'<'))
        {
            CheckRun(run + next);
            run = 0;
            bytes = bytes[(next + 1)..];
        }

        run += bytes.Length;
        CheckRun(run);
    }

    private void CheckRun(long length)
    {
        if (length > maxRunBytes)
        {
            throw new InvalidDataException("A run without markup is longer than any spreadsheet part has.");
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
