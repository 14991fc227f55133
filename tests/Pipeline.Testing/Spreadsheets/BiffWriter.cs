using System.Buffers.Binary;
using System.Text;

namespace Pipeline.Testing.Spreadsheets;

/// <summary>
/// Writes BIFF8 records and workbook streams by the rules of [MS-XLS], small enough to read at a glance and to damage
/// one field at a time: workbook globals (BOF, BOUNDSHEETs, an optional SST, EOF) followed by one substream per sheet
/// (BOF, the records given, EOF). Put one in a compound file with <c>CompoundFileWriter.Write(("Workbook", stream))</c>.
/// </summary>
public static class BiffWriter
{
    public const ushort Bof = 0x0809;
    public const ushort Eof = 0x000A;
    public const ushort BoundSheet = 0x0085;
    public const ushort Sst = 0x00FC;
    public const ushort Continue = 0x003C;
    public const ushort Dimensions = 0x0200;
    public const ushort Label = 0x0204;
    public const ushort Number = 0x0203;
    public const ushort MergeCells = 0x00E5;
    public const ushort LabelSst = 0x00FD;
    public const ushort Xf = 0x00E0;
    public const ushort Format = 0x041E;
    public const ushort FilePass = 0x002F;
    public const ushort WorkbookGlobals = 0x0005;
    public const ushort WorksheetSubstream = 0x0010;

    /// <summary>A workbook stream: one BOUNDSHEET per sheet, or per entry of <paramref name="boundSheets"/> (each the index of the sheet it names).</summary>
    public static byte[] Workbook(IReadOnlyList<byte[]> globals, IReadOnlyList<BiffSheet> sheets, IReadOnlyList<int>? boundSheets = null)
    {
        var names = boundSheets ?? [.. Enumerable.Range(0, sheets.Count)];
        var boundSheetRecords = names.Select(i => BoundSheetRecord(0, sheets[i])).ToList();
        var globalsLength = BofRecord(WorkbookGlobals).Length + globals.Sum(r => r.Length) + boundSheetRecords.Sum(r => r.Length) + 4;
        var substreams = sheets.Select(s => Concat([BofRecord(WorksheetSubstream), .. s.Records, Record(Eof, [])])).ToList();
        var offsets = new List<uint>();
        var offset = globalsLength;
        foreach (var substream in substreams)
        {
            offsets.Add((uint)offset);
            offset += substream.Length;
        }

        var boundSheetsPatched = names.Select(i => BoundSheetRecord(offsets[i], sheets[i]));
        return Concat([BofRecord(WorkbookGlobals), .. globals, .. boundSheetsPatched, Record(Eof, []), .. substreams]);
    }

    public static byte[] Record(ushort id, ReadOnlySpan<byte> body)
    {
        var record = new byte[4 + body.Length];
        BinaryPrimitives.WriteUInt16LittleEndian(record, id);
        BinaryPrimitives.WriteUInt16LittleEndian(record.AsSpan(2), checked((ushort)body.Length));
        body.CopyTo(record.AsSpan(4));
        return record;
    }

    public static byte[] BofRecord(ushort type, ushort version = 0x0600)
    {
        var body = new byte[16];
        BinaryPrimitives.WriteUInt16LittleEndian(body, version);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(2), type);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(4), 0x0DBB);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(6), 0x07CC);
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(12), 0x06);
        return Record(Bof, body);
    }

    /// <summary>DIMENSIONS: rows <paramref name="firstRow"/> to <paramref name="rowsEnd"/> − 1, columns likewise (BIFF8: rows as 32 bits).</summary>
    public static byte[] DimensionsRecord(uint firstRow, uint rowsEnd, ushort firstColumn, ushort columnsEnd)
    {
        var body = new byte[14];
        BinaryPrimitives.WriteUInt32LittleEndian(body, firstRow);
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(4), rowsEnd);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(8), firstColumn);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(10), columnsEnd);
        return Record(Dimensions, body);
    }

    /// <summary>A LABEL cell (0-based row and column) holding <paramref name="text"/> as UTF-16.</summary>
    public static byte[] LabelRecord(ushort row, ushort column, string text)
    {
        var chars = Encoding.Unicode.GetBytes(text);
        var body = new byte[9 + chars.Length];
        BinaryPrimitives.WriteUInt16LittleEndian(body, row);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(2), column);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(6), (ushort)text.Length);
        body[8] = 1;
        chars.CopyTo(body, 9);
        return Record(Label, body);
    }

    public static byte[] NumberRecord(ushort row, ushort column, double value)
    {
        var body = new byte[14];
        BinaryPrimitives.WriteUInt16LittleEndian(body, row);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(2), column);
        BinaryPrimitives.WriteDoubleLittleEndian(body.AsSpan(6), value);
        return Record(Number, body);
    }

    public static byte[] LabelSstRecord(ushort row, ushort column, uint index)
    {
        var body = new byte[10];
        BinaryPrimitives.WriteUInt16LittleEndian(body, row);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(2), column);
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(6), index);
        return Record(LabelSst, body);
    }

    /// <summary>MERGECELLS: each range as 0-based first row, last row, first column, last column.</summary>
    public static byte[] MergeCellsRecord(params (ushort FirstRow, ushort LastRow, ushort FirstColumn, ushort LastColumn)[] ranges)
    {
        var body = new byte[2 + (ranges.Length * 8)];
        BinaryPrimitives.WriteUInt16LittleEndian(body, (ushort)ranges.Length);
        for (var i = 0; i < ranges.Length; i++)
        {
            var at = body.AsSpan(2 + (i * 8));
            BinaryPrimitives.WriteUInt16LittleEndian(at, ranges[i].FirstRow);
            BinaryPrimitives.WriteUInt16LittleEndian(at[2..], ranges[i].LastRow);
            BinaryPrimitives.WriteUInt16LittleEndian(at[4..], ranges[i].FirstColumn);
            BinaryPrimitives.WriteUInt16LittleEndian(at[6..], ranges[i].LastColumn);
        }

        return Record(MergeCells, body);
    }

    /// <summary>An SST declaring <paramref name="uniqueCount"/> strings, holding <paramref name="strings"/> (UTF-16) and then <paramref name="raw"/> as written.</summary>
    public static byte[] SstRecord(uint uniqueCount, IEnumerable<string> strings, byte[]? raw = null)
    {
        using var body = new MemoryStream();
        Span<byte> counts = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(counts, uniqueCount);
        BinaryPrimitives.WriteUInt32LittleEndian(counts[4..], uniqueCount);
        body.Write(counts);
        Span<byte> header = stackalloc byte[3];
        foreach (var text in strings)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(header, (ushort)text.Length);
            header[2] = 1;
            body.Write(header);
            body.Write(Encoding.Unicode.GetBytes(text));
        }

        body.Write(raw ?? []);
        return Record(Sst, body.ToArray());
    }

    private static byte[] BoundSheetRecord(uint offset, BiffSheet sheet)
    {
        var name = Encoding.Unicode.GetBytes(sheet.Name);
        var body = new byte[8 + name.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(body, offset);
        body[4] = sheet.Visibility;
        body[5] = sheet.Type;
        body[6] = (byte)sheet.Name.Length;
        body[7] = 1;
        name.CopyTo(body, 8);
        return Record(BoundSheet, body);
    }

    private static byte[] Concat(IEnumerable<byte[]> parts) => [.. parts.SelectMany(p => p)];
}
