using Pipeline.Core.Sheets;

namespace Pipeline.Core.Tests;

/// <summary>Sheets written inline for tests: each row a list of cell texts, numbered from 1 as Excel does.</summary>
public static class Sheets
{
    public static Sheet Of(string name, params string?[][] rows) =>
        new(name, rows.Select((cells, i) => SheetRow.Of(i + 1, cells.Select(Cell.FromText))));

    public static IEnumerable<Sheet> Workbook(params Sheet[] sheets) => sheets;

    public static string?[] Row(params string?[] cells) => cells;
}
