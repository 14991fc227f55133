using System.Text;
using System.Text.Json;

namespace Pipeline.Core.Validation;

/// <summary>A rejected file's findings as the clerk receives them: CSV for Excel, JSON for systems.</summary>
public static class FindingsReport
{
    private static readonly JsonSerializerOptions Json = ReadableJson.Options;

    /// <summary>UTF-8 with a byte-order mark, so Excel on Chinese Windows opens it without mojibake.</summary>
    public static byte[] ToCsv(IEnumerable<Finding> findings)
    {
        var text = new StringBuilder();
        text.Append("file,sheet,row,column,severity,code,message\r\n");
        foreach (var f in findings)
        {
            text.AppendJoin(',', new[]
            {
                Csv.Cell(f.File), Csv.Cell(f.Sheet), Csv.Cell(f.Row?.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                Csv.Cell(f.Column), Csv.Cell(Severity(f)), Csv.Cell(f.Code), Csv.Cell(f.Message),
            }).Append("\r\n");
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    public static byte[] ToJson(IEnumerable<Finding> findings) =>
        JsonSerializer.SerializeToUtf8Bytes(
            findings.Select(f => new { f.File, f.Sheet, f.Row, f.Column, Severity = Severity(f), f.Code, f.Message }), Json);

    private static string Severity(Finding finding) => finding.Severity == FindingSeverity.Error ? "error" : "warning";
}
