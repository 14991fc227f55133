using System.Text;
using System.Xml;
using Pipeline.Core.Sheets;
using Pipeline.Core.Validation;

namespace Pipeline.Adapters.Spreadsheets;

/// <summary>
/// The exceptions that damaged content raises deep inside the zip, inflate, XML and text decoders. They all mean the same
/// thing to a clerk, so each becomes one finding; their messages never reach it.
/// </summary>
internal static class ContentFailures
{
    public static bool IsContentFailure(Exception exception) =>
        exception is InvalidDataException or XmlException or IOException or FormatException or NotSupportedException
            or OverflowException or DecoderFallbackException;

    /// <summary>
    /// Enumerates <paramref name="source"/>, rejecting the file with <paramref name="finding"/> when its content fails
    /// on the way; the budget's clock runs only while the reader works, not while the caller holds a row.
    /// </summary>
    public static IEnumerable<T> Guard<T>(IEnumerable<T> source, ReadBudget budget, Func<Finding> finding)
    {
        using var enumerator = source.GetEnumerator();
        while (true)
        {
            bool more;
            budget.Resume();
            try
            {
                more = enumerator.MoveNext();
            }
            catch (Exception exception) when (IsContentFailure(exception))
            {
                throw new SpreadsheetRejectedException(finding());
            }
            finally
            {
                budget.Pause();
            }

            if (!more)
            {
                yield break;
            }

            yield return enumerator.Current;
        }
    }
}
