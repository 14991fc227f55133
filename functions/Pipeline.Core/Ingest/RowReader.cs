using Pipeline.Core.Divisions;
using Pipeline.Core.Sheets;
using Pipeline.Core.Validation;
using Pipeline.Core.Model;

namespace Pipeline.Core.Ingest;

/// <summary>Turns the data rows of one recognised sheet into records, or into findings that say what to fix.</summary>
internal sealed class RowReader(HeaderRow header, SheetFindings findings, DivisionRegistry registry, string? fallbackPeriod, UploadFolders folders, IngestRules rules)
{
    // Clerks repeat the same street on every row; resolve each distinct spelling once.
    private readonly Dictionary<(string Code, string Name), object> _streets = [];

    public IngestRecord? Read(SheetRow row, List<Finding> sink)
    {
        var before = sink.Count;
        IngestRecord? record = header.Layout.Kind switch
        {
            SheetKind.CompoundRoster => ReadCompound(row, sink),
            SheetKind.AppealCounts => ReadCounts(row, sink),
            SheetKind.TicketExport => ReadTicket(row, sink),
            var other => throw new ArgumentOutOfRangeException(nameof(row), other, "No reader for this kind of sheet."),
        };
        return sink.Count == before ? record : null;
    }

    private CompoundRecord? ReadCompound(SheetRow row, List<Finding> sink)
    {
        var period = Period(row, sink);
        var street = Street(row, sink);
        var community = Community(row, street, sink);
        var name = RequiredText(row, Field.CompoundName, sink);
        var households = Field.Households is var h && header.Has(h) && !Cell(row, h).IsEmpty ? Count(row, h, sink) : null;
        var hasService = Boolean(row, Field.HasPropertyService, sink);
        var owner = OwnerOrg(row, sink);
        var party = Boolean(row, Field.PartyOrganization, sink);
        if (street is null || community is null || name is null || hasService is null || owner is null || party is null)
        {
            return null;
        }

        return new CompoundRecord(period, street.Code, community, OptionalText(row, Field.CompoundId), name,
            OptionalText(row, Field.CompoundType), households, hasService.Value, OptionalText(row, Field.ServiceMode),
            OptionalText(row, Field.PropertyCompany), owner.Value, party.Value, row.Number) { Explanation = OptionalText(row, Field.Explanation) };
    }

    private AppealCountRecord? ReadCounts(SheetRow row, List<Finding> sink)
    {
        var period = Period(row, sink);
        var street = Street(row, sink);
        var community = Community(row, street, sink);
        var counts = new[] { Field.Received, Field.ValidVisits, Field.Contacted, Field.Resolved, Field.Satisfied, Field.BasicSatisfied, Field.Unsatisfied }
            .Select(f => Cell(row, f).IsEmpty ? RequiredMissing(row, f, sink) : Count(row, f, sink))
            .ToArray();
        if (street is null || community is null || counts.Any(c => c is null))
        {
            return null;
        }

        var tally = new AppealTally(counts[0]!.Value, counts[1]!.Value, counts[2]!.Value, counts[3]!.Value, counts[4]!.Value, counts[5]!.Value, counts[6]!.Value);
        var before = sink.Count;
        NotAbove(row, Field.ValidVisits, tally.ValidVisits, Field.Received, tally.Received, sink);
        NotAbove(row, Field.Contacted, tally.Contacted, Field.ValidVisits, tally.ValidVisits, sink);
        NotAbove(row, Field.Resolved, tally.Resolved, Field.ValidVisits, tally.ValidVisits, sink);
        NotAbove(row, Field.Satisfied, tally.Satisfied + tally.BasicSatisfied + tally.Unsatisfied, Field.ValidVisits, tally.ValidVisits, sink,
            $"{header.HeaderOf(Field.Satisfied)}+{header.HeaderOf(Field.BasicSatisfied)}+{header.HeaderOf(Field.Unsatisfied)}");
        if (tally.ValidVisits > 0)
        {
            double valid = tally.ValidVisits;
            CheckRate(row, Field.ResponseRate, tally.Contacted / valid, sink);
            CheckRate(row, Field.ResolutionRate, tally.Resolved / valid, sink);
            CheckRate(row, Field.SatisfactionRate, (tally.Satisfied + (rules.BasicSatisfiedWeight * tally.BasicSatisfied)) / valid, sink);
        }

        return sink.Count == before ? new AppealCountRecord(period, street.Code, community, tally, row.Number) { Explanation = OptionalText(row, Field.Explanation) } : null;
    }

    private TicketRecord? ReadTicket(SheetRow row, List<Finding> sink)
    {
        var id = RequiredText(row, Field.TicketId, sink);
        DateTime? receivedAt = null;
        var receivedCell = Cell(row, Field.ReceivedAt);
        if (receivedCell.IsEmpty)
        {
            RequiredMissing(row, Field.ReceivedAt, sink);
        }
        else if (CellValues.TryLocalDateTime(receivedCell, out var at))
        {
            receivedAt = at;
            if (Periods.IsAfter(Periods.Of(at), rules.LatestPeriod))
            {
                sink.Add(findings.FuturePeriod(row.Number, header.HeaderOf(Field.ReceivedAt), Periods.Of(at), rules.LatestPeriod!));
            }
        }
        else
        {
            sink.Add(findings.NotDateTime(row.Number, header.HeaderOf(Field.ReceivedAt), receivedCell.Text));
        }

        var street = Street(row, sink);
        var community = Community(row, street, sink);
        var valid = Boolean(row, Field.ValidVisit, sink, emptyIs: false);
        var contacted = Boolean(row, Field.IsContacted, sink, emptyIs: false);
        var resolved = Boolean(row, Field.IsResolved, sink, emptyIs: false);
        var satisfaction = SatisfactionOf(row, sink, out var satisfactionOk);
        if (id is null || receivedAt is null || street is null || community is null || valid is null || contacted is null || resolved is null || !satisfactionOk)
        {
            return null;
        }

        return new TicketRecord(id, receivedAt.Value, street.Code, community, valid.Value, contacted.Value, resolved.Value, satisfaction, row.Number);
    }

    private Cell Cell(SheetRow row, Field field) =>
        header.Columns.TryGetValue(field, out var column) ? row[column] : Sheets.Cell.Empty;

    private string Period(SheetRow row, List<Finding> sink)
    {
        var cell = Cell(row, Field.Period);
        if (cell.IsEmpty)
        {
            return fallbackPeriod ?? "";
        }

        var parsed = CellValues.TryPeriod(cell, out var period);
        if (parsed == PeriodParse.Ambiguous)
        {
            sink.Add(findings.AmbiguousPeriod(row.Number, header.HeaderOf(Field.Period), cell.Text));
            return "";
        }

        if (parsed == PeriodParse.Ok)
        {
            if (Periods.IsAfter(period, rules.LatestPeriod))
            {
                sink.Add(findings.FuturePeriod(row.Number, header.HeaderOf(Field.Period), period, rules.LatestPeriod!));
            }
            else if (folders.Period is { } folderPeriod && folderPeriod != period)
            {
                sink.Add(findings.PeriodMismatch(row.Number, header.HeaderOf(Field.Period), period, folderPeriod));
            }

            return period;
        }

        sink.Add(findings.NotPeriod(row.Number, header.HeaderOf(Field.Period), cell.Text));
        return "";
    }

    private Street? Street(SheetRow row, List<Finding> sink)
    {
        var code = TextValues.Normalize(Cell(row, Field.StreetCode).Display);
        var name = TextValues.Normalize(Cell(row, Field.StreetName).Text);
        if (!_streets.TryGetValue((code, name), out var resolved))
        {
            resolved = ResolveStreet(row.Number, code, name);
            _streets[(code, name)] = resolved;
        }

        if (resolved is Finding finding)
        {
            sink.Add(finding with { Row = row.Number });
            return null;
        }

        var street = (Street)resolved;
        if (folders.Street is { } folder && folder.Code != street.Code)
        {
            var column = header.Has(Field.StreetName) ? header.HeaderOf(Field.StreetName) : header.HeaderOf(Field.StreetCode);
            sink.Add(findings.OutsideFolder(row.Number, column, folder.Name, street.Name));
            return null;
        }

        return street;
    }

    private object ResolveStreet(int rowNumber, string code, string name)
    {
        var nameColumn = header.Has(Field.StreetName) ? header.HeaderOf(Field.StreetName) : header.HeaderOf(Field.StreetCode);
        if (code.Length > 0)
        {
            var byCode = registry.FindByCode(code);
            if (byCode is null)
            {
                return findings.UnknownStreet(rowNumber, header.HeaderOf(Field.StreetCode), code, registry.DistrictName);
            }

            return name.Length > 0 && registry.FindByName(name) != byCode
                ? findings.StreetMismatch(rowNumber, header.HeaderOf(Field.StreetName), code, name)
                : byCode;
        }

        if (name.Length == 0)
        {
            return findings.Required(rowNumber, nameColumn);
        }

        return registry.FindByName(name) is { } byName
            ? byName
            : findings.UnknownStreet(rowNumber, nameColumn, name, registry.DistrictName);
    }

    private CommunityRef? Community(SheetRow row, Street? street, List<Finding> sink)
    {
        var name = RequiredText(row, Field.CommunityName, sink);
        var code = TextValues.Normalize(Cell(row, Field.CommunityCode).Display);
        if (code.Length > 0 && street is not null
            && (code.Length != 12 || !code.All(char.IsAsciiDigit) || !code.StartsWith(street.TownshipPrefix, StringComparison.Ordinal)))
        {
            sink.Add(findings.CommunityCode(row.Number, header.HeaderOf(Field.CommunityCode), code, street.Name));
            return null;
        }

        return name is null ? null : CommunityRef.Create(code, name);
    }

    private string? RequiredText(SheetRow row, Field field, List<Finding> sink)
    {
        var text = TextValues.Normalize(Cell(row, field).Text);
        if (text.Length > 0)
        {
            return text;
        }

        sink.Add(findings.Required(row.Number, header.HeaderOf(field)));
        return null;
    }

    private string? OptionalText(SheetRow row, Field field) =>
        TextValues.Normalize(Cell(row, field).Text) is { Length: > 0 } text ? text : null;

    private long? RequiredMissing(SheetRow row, Field field, List<Finding> sink)
    {
        sink.Add(findings.Required(row.Number, header.HeaderOf(field)));
        return null;
    }

    private long? Count(SheetRow row, Field field, List<Finding> sink)
    {
        var cell = Cell(row, field);
        var why = CellValues.TryCount(cell, out var value) switch
        {
            CountParse.Ok => null,
            CountParse.Negative => "是负数",
            CountParse.NotWhole => "不是整数",
            _ => "不是数字",
        };
        if (why is null)
        {
            return value;
        }

        sink.Add(findings.NotCount(row.Number, header.HeaderOf(field), cell.Text, why));
        return null;
    }

    private bool? Boolean(SheetRow row, Field field, List<Finding> sink, bool? emptyIs = null)
    {
        var cell = Cell(row, field);
        if (cell.IsEmpty)
        {
            if (emptyIs is null)
            {
                RequiredMissing(row, field, sink);
            }

            return emptyIs;
        }

        if (CellValues.TryBoolean(cell, out var value))
        {
            return value;
        }

        sink.Add(findings.NotBoolean(row.Number, header.HeaderOf(field), cell.Text));
        return null;
    }

    private OwnerOrganization? OwnerOrg(SheetRow row, List<Finding> sink)
    {
        var cell = Cell(row, Field.OwnerOrganization);
        if (cell.IsEmpty)
        {
            RequiredMissing(row, Field.OwnerOrganization, sink);
            return null;
        }

        if (CellValues.TryOwnerOrganization(cell, out var owner))
        {
            return owner;
        }

        sink.Add(findings.NotOwnerOrganization(row.Number, header.HeaderOf(Field.OwnerOrganization), cell.Text));
        return null;
    }

    private Satisfaction? SatisfactionOf(SheetRow row, List<Finding> sink, out bool ok)
    {
        ok = true;
        var cell = Cell(row, Field.Satisfaction);
        if (TextValues.NameKey(cell.Text).Length == 0)
        {
            return null;
        }

        if (CellValues.TrySatisfaction(cell, out var satisfaction))
        {
            return satisfaction;
        }

        ok = false;
        sink.Add(findings.NotSatisfaction(row.Number, header.HeaderOf(Field.Satisfaction), cell.Text));
        return null;
    }

    private void NotAbove(SheetRow row, Field field, long value, Field limitField, long limit, List<Finding> sink, string? what = null)
    {
        if (value > limit)
        {
            var column = what ?? header.HeaderOf(field);
            sink.Add(findings.CountExceeds(row.Number, header.HeaderOf(field), column, value, header.HeaderOf(limitField), limit));
        }
    }

    private void CheckRate(SheetRow row, Field field, double computed, List<Finding> sink)
    {
        var cell = Cell(row, field);
        if (cell.IsEmpty)
        {
            return;
        }

        if (!CellValues.TryRate(cell, out var written))
        {
            sink.Add(findings.NotRate(row.Number, header.HeaderOf(field), cell.Text));
        }
        else if (Math.Abs(written - computed) > rules.RateTolerance + 1e-12) // a difference of exactly the tolerance is allowed
        {
            sink.Add(findings.RateMismatch(row.Number, header.HeaderOf(field), cell.Text, computed));
        }
    }
}
