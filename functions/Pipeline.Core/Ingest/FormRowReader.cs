using System.Globalization;
using Pipeline.Core.Divisions;
using Pipeline.Core.Forms;
using Pipeline.Core.Model;
using Pipeline.Core.Sheets;
using Pipeline.Core.Validation;

namespace Pipeline.Core.Ingest;

/// <summary>
/// Reads the data rows of a sheet recognised as one of the catalog's forms: each cell by its column's type, the row's
/// period, street and community from the columns of those types (checked against the registry and the upload's
/// folders), then the form's row checks. A row with any error is a finding, never a row.
/// </summary>
public sealed class FormRowReader(FormHeader header, SheetFindings findings, DivisionRegistry registry, string? fallbackPeriod, UploadFolders folders, IngestRules rules)
{
    // Clerks repeat the same street on every row; resolve each distinct spelling once.
    private readonly Dictionary<(string Code, string Name, string Period), StreetResolution> _streets = [];
    private readonly Dictionary<string, DivisionRegistry> _registries = new(StringComparer.Ordinal);
    private readonly FormDefinition _form = header.Form.Definition;

    public FormRow? Read(SheetRow row, List<Finding> sink)
    {
        var before = sink.Count;
        var values = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var column in _form.Columns)
        {
            if (Value(row, column, sink) is { } value)
            {
                values[column.Key] = value;
            }
        }

        var period = Period(row, values, sink);
        var street = Street(row, period, sink);
        var community = Community(row, values, street, period, sink);
        if (sink.Skip(before).Any(f => f.Severity == FindingSeverity.Error) || street is null)
        {
            return null;
        }

        object? Read(string key) => values.GetValueOrDefault(key);
        foreach (var check in header.Form.Checks)
        {
            if (check.Holds(Read) is false)
            {
                sink.Add(findings.Check(row.Number, PlaceOf(check), check.Definition.FindingCode, Message(check.Definition, row, values), Severity(check.Definition)));
            }
        }

        if (sink.Skip(before).Any(f => f.Severity == FindingSeverity.Error))
        {
            return null;
        }

        var (key, keyColumn) = KeyOf(values, community);
        return new FormRow(_form.Code, row.Number, period, street.Code, community, key, values)
        {
            KeyColumn = keyColumn,
            Explanation = _form.ExplanationColumn is { } explanation ? values.GetValueOrDefault(explanation) as string : null,
        };
    }

    /// <summary>The cell of <paramref name="column"/> read by its type; null when blank (a finding if required) or unreadable (a finding).</summary>
    private object? Value(SheetRow row, FormColumn column, List<Finding> sink)
    {
        var cell = Cell(row, column.Key);
        var text = TextValues.Normalize(cell.Text);
        if (text.Length == 0)
        {
            if (column.Required)
            {
                sink.Add(findings.Required(row.Number, header.HeaderOf(column.Key)));
            }

            return null;
        }

        var where = header.HeaderOf(column.Key);
        switch (column.Type)
        {
            case ColumnType.Text or ColumnType.Street or ColumnType.StreetCode or ColumnType.Community or ColumnType.CommunityCode:
                if (column.MaxLength is { } length && new StringInfo(text).LengthInTextElements > length)
                {
                    sink.Add(findings.TooLong(row.Number, where, length));
                    return null;
                }

                // Codes as the clerk sees them: a code typed as a number shows as digits, not as 1.10115E+11.
                return column.Type is ColumnType.StreetCode or ColumnType.CommunityCode ? TextValues.Normalize(cell.Display) : text;
            case ColumnType.Count:
                var why = CellValues.TryCount(cell, out var count) switch
                {
                    CountParse.Ok => null,
                    CountParse.Negative => "是负数",
                    CountParse.NotWhole => "不是整数",
                    CountParse.NotANumber => "不是数字",
                    var other => throw new ArgumentOutOfRangeException(nameof(row), other, null),
                };
                return why is null ? InRange(row, column, cell, count, sink) : Refuse(findings.NotCount(row.Number, where, cell.Text, why), sink);
            case ColumnType.Decimal:
                return CellValues.TryDecimal(cell, out var number) ? InRange(row, column, cell, number, sink) : Refuse(findings.NotDecimal(row.Number, where, cell.Text), sink);
            case ColumnType.Rate:
                return CellValues.TryRate(cell, out var rate) ? InRange(row, column, cell, rate, sink) : Refuse(findings.NotRate(row.Number, where, cell.Text), sink);
            case ColumnType.YesNo:
                return CellValues.TryBoolean(cell, out var yes) ? yes : Refuse(findings.NotBoolean(row.Number, where, cell.Text), sink);
            case ColumnType.Choice:
                var key = TextValues.NameKey(cell.Text);
                return column.Options.FirstOrDefault(o => TextValues.NameKey(o.Value) == key || o.Aliases.Any(a => TextValues.NameKey(a) == key)) is { } option
                    ? option.Value
                    : Refuse(findings.NotChoice(row.Number, where, cell.Text, [.. column.Options.Select(o => o.Value)]), sink);
            case ColumnType.Date or ColumnType.DateTime:
                return CellValues.TryLocalDateTime(cell, out var at)
                    ? column.Type == ColumnType.Date ? at.Date : at
                    : Refuse(findings.NotDateTime(row.Number, where, cell.Text), sink);
            case ColumnType.Period:
                return CellValues.TryPeriod(cell, out var period) switch
                {
                    PeriodParse.Ok => period,
                    PeriodParse.Ambiguous => Refuse(findings.AmbiguousPeriod(row.Number, where, cell.Text), sink),
                    PeriodParse.NotAPeriod => Refuse(findings.NotPeriod(row.Number, where, cell.Text), sink),
                    var other => throw new ArgumentOutOfRangeException(nameof(row), other, null),
                };
            default:
                throw new ArgumentOutOfRangeException(nameof(column), column.Type, null);
        }
    }

    private object? InRange(SheetRow row, FormColumn column, Cell cell, double value, List<Finding> sink) =>
        value < (column.Min ?? double.NegativeInfinity) || value > (column.Max ?? double.PositiveInfinity)
            ? Refuse(findings.OutOfRange(row.Number, header.HeaderOf(column.Key), cell.Text, column.Min, column.Max), sink)
            : value;

    private static object? Refuse(Finding finding, List<Finding> sink)
    {
        sink.Add(finding);
        return null;
    }

    /// <summary>
    /// The row's period: its period column, else the one a merged form takes from its date-time column, else the
    /// upload's folder or the operator's; in the future, or other than its folder's, a finding.
    /// </summary>
    private string Period(SheetRow row, Dictionary<string, object> values, List<Finding> sink)
    {
        if (_form.Columns.FirstOrDefault(c => c.Type == ColumnType.Period) is { } column && values.GetValueOrDefault(column.Key) is string stated)
        {
            if (Periods.IsAfter(stated, rules.LatestPeriod))
            {
                sink.Add(findings.FuturePeriod(row.Number, header.HeaderOf(column.Key), stated, rules.LatestPeriod!));
            }
            else if (folders.Period is { } folderPeriod && folderPeriod != stated)
            {
                sink.Add(findings.PeriodMismatch(row.Number, header.HeaderOf(column.Key), stated, folderPeriod));
            }

            return stated;
        }

        if (_form.PeriodColumn is { } dated && values.GetValueOrDefault(dated) is DateTime at)
        {
            var period = Periods.Of(at);
            if (Periods.IsAfter(period, rules.LatestPeriod))
            {
                sink.Add(findings.FuturePeriod(row.Number, header.HeaderOf(dated), period, rules.LatestPeriod!));
            }

            return period;
        }

        return fallbackPeriod ?? "";
    }

    private Street? Street(SheetRow row, string period, List<Finding> sink)
    {
        var codeColumn = _form.Columns.FirstOrDefault(c => c.Type == ColumnType.StreetCode)?.Key;
        var nameColumn = _form.Columns.FirstOrDefault(c => c.Type == ColumnType.Street)?.Key;
        var code = codeColumn is null ? "" : TextValues.Normalize(Cell(row, codeColumn).Display);
        var name = nameColumn is null ? "" : TextValues.Normalize(Cell(row, nameColumn).Text);
        if (!_streets.TryGetValue((code, name, period), out var resolved))
        {
            resolved = ResolveStreet(row.Number, code, name, period, codeColumn, nameColumn);
            _streets[(code, name, period)] = resolved;
        }

        if (resolved.Finding is { } finding)
        {
            sink.Add(finding with { Row = row.Number });
        }

        if (resolved.Street is not { } street)
        {
            return null;
        }

        if (folders.Street is { } folder && folder.Code != street.Code)
        {
            sink.Add(findings.OutsideFolder(row.Number, StreetHeader(codeColumn, nameColumn), folder.Name, street.Name));
            return null;
        }

        return street;
    }

    /// <summary>A row's street: found, or refused with a finding, or (a street that became one other, in a form that counts such rows) found with a warning.</summary>
    private sealed record StreetResolution(Street? Street, Finding? Finding);

    private StreetResolution ResolveStreet(int rowNumber, string code, string name, string period, string? codeColumn, string? nameColumn)
    {
        var divisions = RegistryOf(period);
        if (code.Length > 0)
        {
            var byCode = divisions.FindByCode(code);
            if (byCode is null)
            {
                return Outside(divisions.History?.StreetNotice(code, name, period), findings.UnknownStreet(rowNumber, header.HeaderOf(codeColumn!), code, divisions.DistrictName));
            }

            return name.Length > 0 && divisions.FindByName(name) != byCode
                ? new(null, findings.StreetMismatch(rowNumber, header.HeaderOf(nameColumn!), code, name))
                : new(byCode, null);
        }

        if (name.Length == 0)
        {
            return new(null, findings.Required(rowNumber, StreetHeader(codeColumn, nameColumn)));
        }

        return divisions.FindByName(name) is { } byName
            ? new(byName, null)
            : Outside(divisions.History?.StreetNotice("", name, period), findings.UnknownStreet(rowNumber, StreetHeader(codeColumn, nameColumn), name, divisions.DistrictName));

        StreetResolution Outside(DivisionNotice? notice, Finding unknown)
        {
            if (notice is null)
            {
                return new(null, unknown);
            }

            return notice.Single is { } one && _form.EndedDivisions == EndedDivisions.Attribute && divisions.FindByCode(one.Code) is { } successor
                ? new(successor, findings.Attributed(rowNumber, unknown.Column!, notice.Attribution))
                : new(null, findings.OutOfForce(rowNumber, unknown.Column!, notice.Refusal));
        }
    }

    /// <summary>
    /// The registry of a row's period: the upload's, or, for a row of another period, the divisions in force then. A
    /// file states at most <see cref="IngestRules.MaxPeriods"/> periods (more is refused whole), so past that many rows
    /// are read with the upload's registry rather than a registry more per row.
    /// </summary>
    private DivisionRegistry RegistryOf(string period)
    {
        if (registry.History is not { } history || period.Length == 0 || period == registry.Period)
        {
            return registry;
        }

        if (!_registries.TryGetValue(period, out var found))
        {
            if (_registries.Count > rules.MaxPeriods)
            {
                return registry;
            }

            _registries[period] = found = history.In(period);
        }

        return found;
    }

    private string StreetHeader(string? codeColumn, string? nameColumn) =>
        nameColumn is not null && header.Has(nameColumn) ? header.HeaderOf(nameColumn) : header.HeaderOf(codeColumn ?? nameColumn ?? "street");

    private CommunityRef? Community(SheetRow row, Dictionary<string, object> values, Street? street, string period, List<Finding> sink)
    {
        var nameColumn = _form.Columns.FirstOrDefault(c => c.Type == ColumnType.Community)?.Key;
        var codeColumn = _form.Columns.FirstOrDefault(c => c.Type == ColumnType.CommunityCode)?.Key;
        var name = nameColumn is null ? null : values.GetValueOrDefault(nameColumn) as string;
        var code = codeColumn is null ? "" : values.GetValueOrDefault(codeColumn) as string ?? "";
        if (code.Length > 0 && street is not null
            && (code.Length != 12 || !code.All(char.IsAsciiDigit) || !code.StartsWith(street.TownshipPrefix, StringComparison.Ordinal)))
        {
            sink.Add(findings.CommunityCode(row.Number, header.HeaderOf(codeColumn!), code, street.Name));
            return null;
        }

        if (name is null || street is null || RegistryOf(period).History?.CommunityNotice(street.Code, code, name, period) is not { } notice)
        {
            return name is null ? null : CommunityRef.Create(code, name);
        }

        // A community or village not in force in the row's period: a clerk's form names what it is now; an export
        // a clerk cannot edit counts the row for the one unit it became, in the same street.
        var column = header.HeaderOf(code.Length > 0 ? codeColumn! : nameColumn!);
        if (notice.Single is { } one && one.Street == street.Code && _form.EndedDivisions == EndedDivisions.Attribute)
        {
            sink.Add(findings.Attributed(row.Number, column, notice.Attribution));
            return CommunityRef.Create(code.Length > 0 ? one.Code : null, one.Name);
        }

        sink.Add(findings.OutOfForce(row.Number, column, notice.Refusal));
        return null;
    }

    /// <summary>
    /// The row's identity in its slice: the first key set it fills, a community by its reference; and the last column
    /// of that set, which names the row to a clerk.
    /// </summary>
    private (string Key, string? Column) KeyOf(Dictionary<string, object> values, CommunityRef? community)
    {
        foreach (var key in _form.Keys)
        {
            var parts = key.Select(column => _form.Column(column)!.Type is ColumnType.Community or ColumnType.CommunityCode
                ? community?.Key
                : values.GetValueOrDefault(column) is { } value ? key.Count == 1 ? FormRow.TextOf(value) : TextValues.NameKey(FormRow.TextOf(value)) : null).ToList();
            if (parts.All(p => p is not null))
            {
                return (string.Join('|', parts), key[^1]);
            }
        }

        return ("", null);
    }

    /// <summary>Where a failed check points: the first column its expression names that the sheet has.</summary>
    private string? PlaceOf(CompiledCheck check) => check.Columns.FirstOrDefault(header.Has) is { } column ? header.HeaderOf(column) : null;

    private string Message(RowCheck check, SheetRow row, Dictionary<string, object> values)
    {
        string Fill(string template) => MessageText.Fill(template, placeholder =>
        {
            if (placeholder.StartsWith("indicator:", StringComparison.Ordinal))
            {
                return IndicatorOf(placeholder["indicator:".Length..], values) is { } value ? SheetFindings.Percent(value) : "—";
            }

            return placeholder.EndsWith(".label", StringComparison.Ordinal)
                ? header.HeaderOf(placeholder[..^".label".Length])
                : SheetFindings.Quote(TextValues.Normalize(Cell(row, placeholder).Display));
        });
        return $"{Fill(check.Message.Zh)} / {Fill(check.Message.En)}";
    }

    private double? IndicatorOf(string code, Dictionary<string, object> values) =>
        header.Form.RowIndicator(code)(key => values.GetValueOrDefault(key)) as double?;

    private static FindingSeverity Severity(RowCheck check) => check.Severity switch
    {
        CheckSeverity.Error => FindingSeverity.Error,
        CheckSeverity.Warning => FindingSeverity.Warning,
        _ => throw new ArgumentOutOfRangeException(nameof(check), check.Severity, null),
    };

    private Cell Cell(SheetRow row, string column) => header.Columns.TryGetValue(column, out var index) ? row[index] : Sheets.Cell.Empty;
}
