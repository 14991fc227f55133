namespace Pipeline.Testing.Spreadsheets;

/// <summary>
/// One sheet of a <see cref="BiffWriter"/> workbook: its records between BOF and EOF, and as its BOUNDSHEET lists it
/// (visibility 0 visible, 1 hidden, 2 very hidden; type 0 worksheet, 1 macro sheet, 2 chart).
/// </summary>
public sealed record BiffSheet(string Name, IReadOnlyList<byte[]> Records, byte Visibility = 0, byte Type = 0);
