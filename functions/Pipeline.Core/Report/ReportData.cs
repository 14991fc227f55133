using Pipeline.Core.Forms;
using System.Text;
using System.Text.Json;
using Pipeline.Core.Figures;
using Pipeline.Core.Summary;

namespace Pipeline.Core.Report;

/// <summary>
/// The figures the charts draw, as JSON for the page's <c>&lt;script type="application/json"&gt;</c> element. The encoder
/// escapes every HTML-sensitive character (&lt; &gt; &amp; ' " + `), so no value can end the element or start markup.
/// </summary>
internal static class ReportData
{
    private static readonly JsonWriterOptions Options = new() { Encoder = ReadableJson.Encoder, Indented = false };

    public static string Json(SummaryDocument summary, CompiledCatalog catalog)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            json.WriteStartObject("labels");
            json.WriteString("rank", "排名");
            json.WriteString("score", ReportIndicator.Score.Chinese);
            json.WriteString("compounds", "小区数");
            json.WriteString("share", "占比");
            json.WriteEndObject();

            json.WriteStartArray("property");
            foreach (var indicator in ReportIndicator.Property)
            {
                json.WriteStartObject();
                json.WriteString("key", indicator.Key);
                json.WriteString("label", indicator.Chinese);
                Number(json, "target", catalog.Definition(indicator.Key)?.Target);
                json.WriteEndObject();
            }

            json.WriteEndArray();

            json.WriteStartArray("streets");
            foreach (var street in ReportOrder.Ranking(summary))
            {
                json.WriteStartObject();
                json.WriteString("code", street.Code);
                json.WriteString("name", street.Name);
                Number(json, "rank", street.Rank);
                Number(json, "score", street.Appeals?.Score);
                foreach (var indicator in ReportIndicator.Property)
                {
                    Number(json, indicator.Key, indicator.Value(street.Property, street.Appeals));
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();

            json.WriteStartArray("serviceModes");
            foreach (var (mode, count) in ReportOrder.Counts(summary.District.Property?.ByServiceMode))
            {
                json.WriteStartObject();
                json.WriteString("name", mode);
                json.WriteNumber("value", count);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Number(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
