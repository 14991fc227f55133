using Pipeline.Adapters.Spreadsheets;
using Pipeline.Core.Ingest;
using Pipeline.Core.Sheets;
using Pipeline.Core.Model;

namespace Pipeline.Adapters.Ingest;

/// <summary>Passes over an upload (inspect, records), each a fresh read of the same seekable file.</summary>
public static class UploadReading
{
    public static UploadInspection Inspect(Stream file, UploadSource source, IngestContext context, Action<FormRow>? clean = null)
    {
        file.Position = 0;
        IEnumerable<Sheet> sheets;
        try
        {
            sheets = SpreadsheetReader.Read(file, source.File, context.Limits);
        }
        catch (SpreadsheetRejectedException rejected)
        {
            return new UploadInspection(null, null, 0, [rejected.Finding], []);
        }

        return UploadParser.Inspect(sheets, source, context.Registry, context.Rules, clean, context.Catalog);
    }

    public static IEnumerable<FormRow> Records(Stream file, UploadSource source, IngestContext context)
    {
        file.Position = 0;
        return UploadParser.Records(SpreadsheetReader.Read(file, source.File, context.Limits), source, context.Registry, context.Rules, context.Catalog);
    }
}
