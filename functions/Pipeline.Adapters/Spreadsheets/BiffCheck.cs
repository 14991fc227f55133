using System.Buffers.Binary;
using System.Collections;
using System.Text;
using Pipeline.Core.Sheets;
using Pipeline.Core.Validation;

namespace Pipeline.Adapters.Spreadsheets;

/// <summary>
/// Checks a BIFF8 workbook stream before ExcelDataReader reads it, in time linear in the stream's size with every loop
/// ticking the read budget, so that what its parser then does is bounded by what was checked: records framed within
/// the stream; the workbook globals first; sheets within <see cref="SpreadsheetLimits.MaxSheets"/>, each at its own
/// record boundary holding a BOF; the shared strings no more than their bytes hold and within the limits; cell formats
/// and number formats counted; each worksheet's DIMENSIONS, cells and merged ranges inside BIFF8's 65,536 × 256 grid
/// (the parser yields every row up to the last, so the grid is what bounds a sheet). Damage is an
/// <see cref="InvalidDataException"/> (<c>file.corrupt</c>), a count over its limit <c>file.too-complex</c>.
/// </summary>
internal static class BiffCheck
{
    public const int GridRows = 65_536;
    public const int GridColumns = 256;

    private const ushort Bof = 0x0809;
    private const ushort Eof = 0x000A;
    private const ushort FilePass = 0x002F;
    private const ushort BoundSheet = 0x0085;
    private const ushort Sst = 0x00FC;
    private const ushort Continue = 0x003C;
    private const ushort MergeCells = 0x00E5;
    private const ushort Dimensions = 0x0200;

    /// <summary>ExcelDataReader reads a record of id 0 as a BIFF2 DIMENSIONS, with the BIFF8 layout: checked as one.</summary>
    private const ushort DimensionsBiff2 = 0x0000;

    private const ushort MulRk = 0x00BD;
    private const ushort MulBlank = 0x00BE;
    private const ushort Biff8 = 0x0600;
    private const ushort WorkbookGlobals = 0x0005;
    private const byte Worksheet = 0;

    /// <summary>The records ExcelDataReader reads as cells (row at 0, column at 2, format at 4), old BIFF ids included.</summary>
    private static readonly HashSet<ushort> CellRecords =
        [0x0201, 0x0001, 0x0205, 0x0005, 0x00BE, 0x0204, 0x0004, 0x00D6, 0x00FD, 0x0202, 0x0002, 0x0203, 0x0003, 0x027E, 0x00BD, 0x0006, 0x0206, 0x0406];

    /// <summary>XF records of every BIFF version (the parser adds each it meets, in globals or in a sheet).</summary>
    private static readonly HashSet<ushort> CellStyleRecords = [0x00E0, 0x0043, 0x0243, 0x0443];

    /// <summary>FORMAT records: BIFF4 on, and BIFF2–3.</summary>
    private static readonly HashSet<ushort> NumberFormatRecords = [0x041E, 0x001E];

    /// <summary>The visible worksheets of <paramref name="stream"/>, in the workbook's order, once every check has passed.</summary>
    public static IReadOnlyList<XlsSheetEntry> Check(byte[] stream, ReadBudget budget)
    {
        var boundaries = Frame(stream, budget);
        var sheets = Globals(stream, budget);
        CheckSheetOffsets(stream, sheets, boundaries, budget);

        var visible = new List<XlsSheetEntry>();
        var worksheets = 0;
        foreach (var sheet in sheets)
        {
            budget.Tick();
            if (sheet.Type != Worksheet)
            {
                // Charts, macro sheets and VBA modules: the parser skips them, and they never hold data.
                continue;
            }

            // Hidden worksheets are still read on the way past by NextResult(), so they are checked too; they are never data.
            CheckWorksheet(stream, sheet, budget);
            if (sheet.Visible)
            {
                visible.Add(new XlsSheetEntry(sheet.Name is { Length: > 0 } name ? name : $"Sheet{worksheets + 1}", worksheets));
            }

            worksheets++;
        }

        return visible;
    }

    /// <summary>
    /// One pass over the record headers: each record ends within the stream. Marks where records start (sheet offsets must
    /// be among them), refuses FILEPASS, and counts XF and FORMAT records wherever they are.
    /// </summary>
    private static BitArray Frame(byte[] stream, ReadBudget budget)
    {
        var boundaries = new BitArray(stream.Length + 1);
        long styles = 0, formats = 0;
        var position = 0;
        // The parser stops reading where fewer than a record header's bytes remain: a tail that short is padding.
        while (position + 4 <= stream.Length)
        {
            budget.Tick();
            var (id, size) = Header(stream, position);
            if (position + 4L + size > stream.Length)
            {
                throw Damaged("record past the end of the stream");
            }

            if (id == FilePass)
            {
                // Every record body after FILEPASS is encrypted (RC4 or XOR obfuscation): nothing here could check
                // them, so an encrypted .xls is refused, the write-protection password included; re-saved as .xlsx it reads.
                throw new SpreadsheetRejectedException(FileFindings.Encrypted(budget.File));
            }

            if (CellStyleRecords.Contains(id))
            {
                budget.Count(++styles, budget.Limits.MaxCellStyles, SpreadsheetLimit.CellStyles);
            }
            else if (NumberFormatRecords.Contains(id))
            {
                budget.Count(++formats, budget.Limits.MaxNumberFormats, SpreadsheetLimit.NumberFormats);
            }

            boundaries[position] = true;
            position += 4 + size;
        }

        return boundaries;
    }

    /// <summary>
    /// The workbook globals: from the first BOF to the first EOF (the parser reads every record in between as globals,
    /// sheet records included, so all of them are checked here).
    /// </summary>
    private static List<BoundSheetRecord> Globals(byte[] stream, ReadBudget budget)
    {
        if (stream.Length < 8)
        {
            throw Damaged("no BOF");
        }

        var (firstId, firstSize) = Header(stream, 0);
        if (firstId is 0x0009 or 0x0209 or 0x0409)
        {
            throw new SpreadsheetRejectedException(FileFindings.LegacyExcel(budget.File));
        }

        if (firstId != Bof || firstSize < 4)
        {
            throw Damaged("no BOF");
        }

        var version = BinaryPrimitives.ReadUInt16LittleEndian(stream.AsSpan(4));
        if (version is 0x0500 or 0x0000)
        {
            // BIFF5 (Excel 95) in a stream named Workbook: as unreadable here as one in a Book stream.
            throw new SpreadsheetRejectedException(FileFindings.LegacyExcel(budget.File));
        }

        if (version != Biff8 || BinaryPrimitives.ReadUInt16LittleEndian(stream.AsSpan(6)) != WorkbookGlobals)
        {
            throw Damaged("first BOF is not BIFF8 workbook globals");
        }

        var sheets = new List<BoundSheetRecord>();
        for (var position = 4 + firstSize; position + 4 <= stream.Length;)
        {
            budget.Tick();
            var (id, size) = Header(stream, position);
            if (id == Eof)
            {
                break;
            }

            var body = stream.AsSpan(position + 4, size);
            if (id == BoundSheet)
            {
                budget.Count(sheets.Count + 1, budget.Limits.MaxSheets, SpreadsheetLimit.Sheets);
                sheets.Add(ReadBoundSheet(body));
            }
            else if (id == Sst)
            {
                CheckSharedStrings(stream, position, budget);
            }

            position += 4 + size;
        }

        return sheets;
    }

    private static BoundSheetRecord ReadBoundSheet(ReadOnlySpan<byte> body)
    {
        // lbPlyPos (4), hsState (1: low 2 bits), dt (1: 0 worksheet, 1 macro, 2 chart, 6 VBA), then a ShortXLUnicodeString.
        if (body.Length < 8)
        {
            throw Damaged("BOUNDSHEET too short");
        }

        var characters = body[6];
        var wide = (body[7] & 0x01) != 0;
        var bytes = characters * (wide ? 2 : 1);
        if (8 + bytes > body.Length)
        {
            throw Damaged("BOUNDSHEET name past its record");
        }

        var text = body.Slice(8, bytes);
        // Compressed BIFF8 strings are UTF-16 with the high bytes dropped: Latin-1.
        var name = wide ? Encoding.Unicode.GetString(text) : Encoding.Latin1.GetString(text);
        return new BoundSheetRecord(BinaryPrimitives.ReadUInt32LittleEndian(body), (body[4] & 0x03) == 0, body[5], InvisibleCharacters.Strip(name));
    }

    /// <summary>
    /// Every BOUNDSHEET names its own substream: distinct offsets, each the start of a record holding a BOF. Two sheets
    /// at one offset are refused as damage rather than one skipped: Excel never writes it, and only a crafted file
    /// would (one sheet named thousands of times is how a few kilobytes are read as gigabytes).
    /// </summary>
    private static void CheckSheetOffsets(byte[] stream, List<BoundSheetRecord> sheets, BitArray boundaries, ReadBudget budget)
    {
        var offsets = new long[sheets.Count];
        for (var i = 0; i < sheets.Count; i++)
        {
            budget.Tick();
            var offset = sheets[i].Offset;
            if ((long)offset + 4 > stream.Length || !boundaries[(int)offset] || Header(stream, (int)offset).Id != Bof)
            {
                throw Damaged("sheet offset is not a BOF");
            }

            offsets[i] = offset;
        }

        Array.Sort(offsets);
        for (var i = 1; i < offsets.Length; i++)
        {
            budget.Tick();
            if (offsets[i] == offsets[i - 1])
            {
                throw Damaged("two sheets at one offset");
            }
        }
    }

    /// <summary>
    /// A worksheet's substream as the parser reads it: from its BOF to the next EOF or BOF (an embedded chart's BOF ends
    /// it too). Offsets are distinct BOFs, so these ranges do not overlap and all of them together are one pass.
    /// </summary>
    private static void CheckWorksheet(byte[] stream, BoundSheetRecord sheet, ReadBudget budget)
    {
        var merges = 0L;
        var position = (int)sheet.Offset;
        position += 4 + Header(stream, position).Size;
        while (position + 4 <= stream.Length)
        {
            budget.Tick();
            var (id, size) = Header(stream, position);
            if (id is Eof or Bof)
            {
                return;
            }

            var body = stream.AsSpan(position + 4, size);
            if (id is Dimensions or DimensionsBiff2)
            {
                CheckDimensions(body);
            }
            else if (CellRecords.Contains(id))
            {
                CheckCell(id, body);
            }
            else if (id == MergeCells)
            {
                merges = CheckMergeCells(body, merges, sheet.Name, budget);
            }

            position += 4 + size;
        }
    }

    private static void CheckDimensions(ReadOnlySpan<byte> body)
    {
        // BIFF8: rwMic, rwMac (one past the last row) as 32 bits, colMic, colMac as 16: the parser sizes the sheet by rwMac.
        if (body.Length < 12)
        {
            throw Damaged("DIMENSIONS too short");
        }

        var firstRow = BinaryPrimitives.ReadUInt32LittleEndian(body);
        var rowsEnd = BinaryPrimitives.ReadUInt32LittleEndian(body[4..]);
        var firstColumn = BinaryPrimitives.ReadUInt16LittleEndian(body[8..]);
        var columnsEnd = BinaryPrimitives.ReadUInt16LittleEndian(body[10..]);
        if (rowsEnd > GridRows || columnsEnd > GridColumns || firstRow > rowsEnd || firstColumn > columnsEnd)
        {
            throw Damaged("DIMENSIONS outside the BIFF8 grid");
        }
    }

    private static void CheckCell(ushort id, ReadOnlySpan<byte> body)
    {
        // Rows are 16 bits, inside the grid by construction; columns must be too (the parser sizes rows by them).
        if (body.Length < 6)
        {
            throw Damaged("cell record too short");
        }

        var column = BinaryPrimitives.ReadUInt16LittleEndian(body[2..]);
        if (column >= GridColumns)
        {
            throw Damaged("cell outside the BIFF8 grid");
        }

        if (id is MulRk or MulBlank)
        {
            // rw, colFirst, then 6 bytes (MULRK) or 2 (MULBLANK) per column, then colLast: the parser loops colFirst..colLast.
            var last = BinaryPrimitives.ReadUInt16LittleEndian(body[^2..]);
            var each = id == MulRk ? 6 : 2;
            if (last < column || last >= GridColumns || body.Length != 6 + ((last - column + 1) * each))
            {
                throw Damaged("MULRK or MULBLANK columns");
            }
        }
    }

    private static long CheckMergeCells(ReadOnlySpan<byte> body, long merges, string sheet, ReadBudget budget)
    {
        if (body.Length < 2)
        {
            throw Damaged("MERGECELLS too short");
        }

        var count = BinaryPrimitives.ReadUInt16LittleEndian(body);
        if (2 + (count * 8) > body.Length)
        {
            throw Damaged("MERGECELLS past its record");
        }

        for (var i = 0; i < count; i++)
        {
            budget.Tick();
            var range = body.Slice(2 + (i * 8), 8);
            var firstRow = BinaryPrimitives.ReadUInt16LittleEndian(range);
            var lastRow = BinaryPrimitives.ReadUInt16LittleEndian(range[2..]);
            var firstColumn = BinaryPrimitives.ReadUInt16LittleEndian(range[4..]);
            var lastColumn = BinaryPrimitives.ReadUInt16LittleEndian(range[6..]);
            if (firstRow > lastRow || firstColumn > lastColumn || lastColumn >= GridColumns)
            {
                throw Damaged("merged range outside the BIFF8 grid");
            }

            // One-cell "ranges" change nothing and are not counted, as when the sheet is read.
            if (firstRow != lastRow || firstColumn != lastColumn)
            {
                budget.Count(++merges, budget.Limits.MaxMergedRanges, SpreadsheetLimit.MergedRanges, sheet);
            }
        }

        return merges;
    }

    /// <summary>
    /// Walks the SST and its CONTINUE records as ExcelDataReader will (its loop runs the declared unique count, and a
    /// negative extension size moves it backwards): the count must fit the bytes (each string takes at least 3), stay
    /// within the limits, and every string, its characters and its tail must lie within the records.
    /// </summary>
    private static void CheckSharedStrings(byte[] stream, int position, ReadBudget budget)
    {
        var (_, sstSize) = Header(stream, position);
        if (sstSize < 8)
        {
            throw Damaged("SST too short");
        }

        var unique = BinaryPrimitives.ReadUInt32LittleEndian(stream.AsSpan(position + 8));
        var segments = new List<(int Start, int Length)> { (position + 12, sstSize - 8) };
        long bytes = sstSize - 8;
        for (var next = position + 4 + sstSize; next + 4 <= stream.Length;)
        {
            budget.Tick();
            var (id, size) = Header(stream, next);
            if (id != Continue)
            {
                break;
            }

            segments.Add((next + 4, size));
            bytes += size;
            next += 4 + size;
        }

        if (unique > bytes / 3)
        {
            throw Damaged("SST counts more strings than its bytes hold");
        }

        budget.Count(unique, budget.Limits.MaxSharedStrings, SpreadsheetLimit.SharedStrings);
        var segment = 0;
        var offset = 0;
        long characters = 0;
        for (var i = 0L; i < unique; i++)
        {
            budget.Tick();
            if (offset == segments[segment].Length)
            {
                segment = NextSegment(segments, segment);
                offset = 0;
            }

            var (start, length) = segments[segment];
            var header = stream.AsSpan(start, length)[offset..];
            if (header.Length < 3)
            {
                throw Damaged("SST string header cut");
            }

            var count = BinaryPrimitives.ReadUInt16LittleEndian(header);
            var flags = header[2];
            var rich = (flags & 0x08) != 0;
            var extended = (flags & 0x04) != 0;
            var headSize = 3 + (rich ? 2 : 0) + (extended ? 4 : 0);
            if (header.Length < headSize)
            {
                throw Damaged("SST string header cut");
            }

            long tail = (rich ? 4L * BinaryPrimitives.ReadUInt16LittleEndian(header[3..]) : 0)
                + (extended ? BinaryPrimitives.ReadUInt32LittleEndian(header[(rich ? 5 : 3)..]) : 0);
            if (tail > int.MaxValue)
            {
                // The parser takes the tail as an int: larger is a step backwards, and a loop.
                throw Damaged("SST string tail");
            }

            characters += count;
            budget.Count(characters, budget.Limits.MaxSharedStringCharacters, SpreadsheetLimit.SharedStringCharacters);
            offset += headSize;

            var wide = (flags & 0x01) != 0;
            for (var remaining = (int)count; remaining > 0;)
            {
                budget.Tick();
                if (offset == segments[segment].Length)
                {
                    // Characters continued in the next record start with their own width flag.
                    segment = NextSegment(segments, segment);
                    offset = 0;
                    if (segments[segment].Length < 1)
                    {
                        throw Damaged("SST continuation empty");
                    }

                    wide = stream[segments[segment].Start] != 0;
                    offset = 1;
                }

                var width = wide ? 2 : 1;
                var fits = (segments[segment].Length - offset) / width;
                if (fits == 0)
                {
                    throw Damaged("SST characters cut");
                }

                var taken = Math.Min(fits, remaining);
                offset += taken * width;
                remaining -= taken;
            }

            // Formatting runs and phonetic data may run on into CONTINUE records, without a flag byte.
            var skip = tail;
            while (offset + skip > segments[segment].Length)
            {
                budget.Tick();
                skip -= segments[segment].Length - offset;
                segment = NextSegment(segments, segment);
                offset = 0;
            }

            offset += (int)skip;
        }
    }

    private static int NextSegment(List<(int Start, int Length)> segments, int segment) =>
        segment + 1 < segments.Count ? segment + 1 : throw Damaged("SST past its records");

    private static (ushort Id, int Size) Header(byte[] stream, int position) =>
        (BinaryPrimitives.ReadUInt16LittleEndian(stream.AsSpan(position)), BinaryPrimitives.ReadUInt16LittleEndian(stream.AsSpan(position + 2)));

    private static InvalidDataException Damaged(string what) => new($"Workbook stream: {what}.");

    private sealed record BoundSheetRecord(uint Offset, bool Visible, byte Type, string Name);
}
