using Pipeline.Core.Forms;
using Pipeline.Core.Divisions;
using Pipeline.Core.Ingest;
using Pipeline.Core.Model;
using Pipeline.Core.Sheets;
using Pipeline.Core.SubmissionTemplates;

using Pipeline.Core.Tests.Forms;

namespace Pipeline.Core.Tests.SubmissionTemplates;

public sealed class SubmissionTemplateTests
{
    private static readonly DivisionRegistry Daxing = DivisionRegistry.Builtin("110115")!;

    private static readonly DivisionRegistry WithCommunities = DivisionRegistry.Parse("""
        { "district": { "code": "110115", "name": "大兴区" },
          "streets": [
            { "code": "110115003000", "name": "清源街道",
              "communities": [ { "code": "110115003001", "name": "枣园社区" }, { "code": "110115003002", "name": "兴涛社区" } ] },
            { "code": "110115001000", "name": "兴丰街道" } ],
          "serviceModes": [ "专业物业", "红色物业" ] }
        """);

    public static TheoryData<string> Forms => [.. SubmissionTemplate.Forms.Select(f => f.Form)];

    /// <summary>The sheet the template describes, as the reader would see it: title, header, pre-filled rows, then <paramref name="filled"/>.</summary>
    private static Sheet SheetOf(SubmissionTemplate template, params IReadOnlyDictionary<Field, string>[] filled)
    {
        var rows = new List<SheetRow>
        {
            SheetRow.Of(SubmissionTemplate.TitleRow, [Cell.FromText(template.Title)]),
            SheetRow.Of(SubmissionTemplate.HeaderRowNumber, template.Columns.Select(c => Cell.FromText(c.Header))),
        };
        rows.AddRange(template.Rows.Concat(filled).Select((row, i) => SheetRow.Of(SubmissionTemplate.HeaderRowNumber + 1 + i,
            template.Columns.Select(c => Cell.FromText(row.GetValueOrDefault(c.Field))))));
        return new Sheet(SubmissionTemplate.DataSheet, rows);
    }

    [Theory]
    [MemberData(nameof(Forms))]
    public void The_header_row_is_read_as_its_form_with_every_column(string form)
    {
        var template = SubmissionTemplate.For(form, Daxing);
        var header = FormHeader.TryRead(SheetOf(template).Rows.ElementAt(1), CompiledCatalog.Builtin, out var duplicated);

        Assert.NotNull(header);
        Assert.Empty(duplicated);
        Assert.Equal(form, header.Form.Definition.Code);
        Assert.Equal(template.Columns.Select(c => c.Field.Key), header.Columns.OrderBy(c => c.Value).Select(c => c.Key));
        Assert.All(header.Form.Definition.Columns.Where(c => c.Required), c => Assert.True(header.Has(c.Key), c.Key));
        Assert.True(header.Has(Field.StreetName.Key));
        Assert.Null(FormHeader.TryRead(SheetOf(template).Rows.First(), CompiledCatalog.Builtin, out _));
    }

    [Fact]
    public void Every_offered_spelling_reads_back_as_its_value()
    {
        Assert.Equal([true, false], CellValues.BooleanChoices.Select(c => CellValues.TryBoolean(Cell.FromText(c), out var v) ? v : (bool?)null));
        // A choice column reads an option by its value or an alias: every spelling offered is one of them.
        static IEnumerable<string> Spellings(string form, string column) =>
            FormCatalogs.Builtin.Form(form)!.Column(column)!.Options.SelectMany(o => o.Aliases.Prepend(o.Value)).Select(TextValues.NameKey);
        Assert.All(CellValues.OwnerOrganizationChoices, c => Assert.Contains(TextValues.NameKey(c), Spellings(LegacyForms.CompoundRoster, "owner_org")));
        Assert.All(CellValues.SatisfactionChoices, c => Assert.Contains(TextValues.NameKey(c), Spellings(LegacyForms.TicketExport, "satisfaction")));
    }

    [Fact]
    public void The_drop_downs_offer_what_the_reader_and_the_registry_know()
    {
        var roster = SubmissionTemplate.For(LegacyForms.CompoundRoster, WithCommunities, WithCommunities.FindByName("清源街道"));
        TemplateChoices? Choices(SubmissionTemplate t, Field f) => t.Columns.Single(c => c.Field == f).Choices;

        Assert.Equal(new TemplateChoices(CellValues.BooleanChoices, true), Choices(roster, Field.HasPropertyService));
        Assert.Equal(CellValues.BooleanChoices, Choices(roster, Field.PartyOrganization)!.Values);
        Assert.Equal(["业委会", "物管会", "无"], Choices(roster, Field.OwnerOrganization)!.Values);
        Assert.Equal(["专业物业", "红色物业"], Choices(roster, Field.ServiceMode)!.Values);
        Assert.False(Choices(roster, Field.ServiceMode)!.Strict);
        Assert.Equal(["清源街道"], Choices(roster, Field.StreetName)!.Values);
        Assert.Equal(["枣园社区", "兴涛社区"], Choices(roster, Field.CommunityName)!.Values);
        Assert.Null(Choices(roster, Field.CompoundName));

        var blank = SubmissionTemplate.For(LegacyForms.TicketExport, Daxing);
        Assert.Equal(Daxing.Streets.Select(s => s.Name), Choices(blank, Field.StreetName)!.Values);
        Assert.Null(Choices(blank, Field.CommunityName));
        Assert.Equal(CellValues.SatisfactionChoices, Choices(blank, Field.Satisfaction)!.Values);
        Assert.Equal(9, Daxing.ServiceModes.Count);
        Assert.Equal(Daxing.ServiceModes, Choices(SubmissionTemplate.For(LegacyForms.CompoundRoster, Daxing), Field.ServiceMode)!.Values);
    }

    [Fact]
    public void Codes_periods_and_ticket_numbers_stay_text_and_the_call_time_is_a_date_time()
    {
        var tickets = SubmissionTemplate.For(LegacyForms.TicketExport, Daxing);
        var roster = SubmissionTemplate.For(LegacyForms.CompoundRoster, Daxing);

        Assert.Equal(TemplateCellFormat.Text, tickets.Columns.Single(c => c.Field == Field.TicketId).Format);
        Assert.Equal(TemplateCellFormat.DateTime, tickets.Columns.Single(c => c.Field == Field.ReceivedAt).Format);
        Assert.Equal([Field.Period, Field.CommunityCode, Field.CompoundId], roster.Columns.Where(c => c.Format == TemplateCellFormat.Text).Select(c => c.Field));
        Assert.All(roster.Columns, c => Assert.InRange(c.Width, c.Header.Length * 2, 40));
    }

    [Fact]
    public void A_streets_counts_template_has_its_communities_and_filled_in_is_accepted_with_those_counts()
    {
        var street = WithCommunities.FindByCode("110115003000")!;
        var template = SubmissionTemplate.For(LegacyForms.AppealCounts, WithCommunities, street, "2020-12");

        Assert.Equal(["枣园社区", "兴涛社区"], template.Rows.Select(r => r[Field.CommunityName]));
        Assert.All(template.Rows, r => Assert.Equal(("清源街道", "2020-12"), (r[Field.StreetName], r[Field.Period])));
        Assert.Equal(["110115003001", "110115003002"], template.Rows.Select(r => r[Field.CommunityCode]));
        Assert.Contains("清源街道", template.Title);
        Assert.Contains("2020-12", template.Title);
        Assert.DoesNotContain(template.Columns, c => c.Field == Field.ResponseRate || c.Field == Field.StreetCode);

        var counts = new[] { Field.Received, Field.ValidVisits, Field.Contacted, Field.Resolved, Field.Satisfied, Field.BasicSatisfied, Field.Unsatisfied };
        long[] values = [10, 9, 8, 7, 5, 3, 1];
        var filled = template with
        {
            Rows = [.. template.Rows.Select((row, i) => (IReadOnlyDictionary<Field, string>)row
                .Concat(counts.Select((f, j) => KeyValuePair.Create(f, (values[j] * (i + 1)).ToString(System.Globalization.CultureInfo.InvariantCulture))))
                .ToDictionary())],
        };
        var source = UploadSource.ForBlob("uploads/110115003000/counts.xlsx");
        Assert.Empty(UploadParser.Inspect([SheetOf(filled)], source, WithCommunities, IngestRules.Default).Findings);
        var records = UploadParser.Records([SheetOf(filled)], source, WithCommunities, IngestRules.Default).Cast<AppealCountRecord>().ToList();

        Assert.Equal([new AppealTally(10, 9, 8, 7, 5, 3, 1), new AppealTally(20, 18, 16, 14, 10, 6, 2)], records.Select(r => r.Tally));
        Assert.Equal(["110115003001", "110115003002"], records.Select(r => r.Community.Code));
        Assert.All(records, r => Assert.Equal(("2020-12", "110115003000"), (r.Period, r.StreetCode)));
    }

    [Fact]
    public void Unfilled_templates_have_no_header_findings_only_that_they_hold_nothing()
    {
        foreach (var template in SubmissionTemplate.Published(WithCommunities))
        {
            var inspection = UploadParser.Inspect([SheetOf(template)], UploadSource.ForBlob(template.PublishedPath, "2020-12"), WithCommunities, IngestRules.Default);

            Assert.DoesNotContain(inspection.Findings, f => f.Code.StartsWith("header.", StringComparison.Ordinal) || f.Code == "file.no-header");
            Assert.Equal(template.Form, inspection.Form);
        }
    }

    [Fact]
    public void The_report_publishes_the_blank_templates_and_three_per_street()
    {
        var published = SubmissionTemplate.Published(Daxing).Select(t => t.PublishedPath).ToList();

        Assert.Equal(3 + (3 * 22), published.Distinct().Count());
        Assert.Equal(["reports/templates/roster.xlsx", "reports/templates/counts.xlsx", "reports/templates/tickets.xlsx"], published.Take(3));
        Assert.Contains("reports/templates/110115003000/counts.xlsx", published);
    }

    [Fact]
    public void The_instructions_name_every_column_and_whether_it_is_required()
    {
        var template = SubmissionTemplate.For(LegacyForms.CompoundRoster, Daxing, Daxing.FindByName("清源街道"));

        Assert.All(template.Columns, c => Assert.Contains(template.Instructions, line => line.StartsWith($"“{c.Header}”：{(c.Required ? "必填" : "选填")}", StringComparison.Ordinal)));
        Assert.Contains(template.Instructions, line => line.Contains("110115003000/", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("roster", LegacyForms.CompoundRoster)] [InlineData("Counts", LegacyForms.AppealCounts)] [InlineData(" tickets", LegacyForms.TicketExport)]
    public void Forms_go_by_their_names(string name, string form) => Assert.Equal(form, SubmissionTemplate.FormNamed(name));

    [Fact]
    public void An_unknown_name_is_none() => Assert.Null(SubmissionTemplate.FormNamed("budget"));
    [Fact]
    public void A_catalog_forms_template_has_its_columns_drop_downs_and_communities_and_reads_back_as_that_form()
    {
        var catalog = CatalogVariants.WithSortingForm().Catalog;
        var street = WithCommunities.FindByName("清源街道")!;

        var template = CatalogTemplate.For(catalog.Form("GarbageSorting")!, WithCommunities, street, "2021-01");

        Assert.Equal(("GarbageSorting.xlsx", "reports/templates/110115003000/GarbageSorting.xlsx"), (template.FileName, template.PublishedPath));
        Assert.Equal(["填报周期", "街道", "社区代码", "社区", "是否督导", "督导方式", "户数", "参与户数"], template.Columns.Select(c => c.Header));
        TemplateChoices? Choices(string key) => template.Columns.Single(c => c.Field.Key == key).Choices;
        Assert.Equal(["是", "否"], Choices("supervised")!.Values);
        Assert.Equal(["桶前值守", "巡查"], Choices("method")!.Values);
        Assert.True(Choices("supervised")!.Strict && Choices("method")!.Strict);
        Assert.Equal(["清源街道"], Choices("street_name")!.Values);
        Assert.Equal(TemplateCellFormat.Text, template.Columns.Single(c => c.Field.Key == "community_code").Format);
        Assert.Contains("本表报送生活垃圾分类督导：每个社区一行", string.Join("\n", template.Instructions), StringComparison.Ordinal);

        // Filled in, the sheet is that form, read cleanly by the catalog it came from.
        Field Column(string key) => template.Columns.Single(c => c.Field.Key == key).Field;
        var filled = template.Rows.Select(row => (IReadOnlyDictionary<Field, string>)new Dictionary<Field, string>(row)
        {
            [Column("supervised")] = "是", [Column("households")] = "100", [Column("participating")] = "80",
        }).ToArray();
        var sheet = SheetOf(template with { Rows = [] }, filled);
        var inspection = UploadParser.Inspect([sheet], UploadSource.ForBlob("uploads/2021-01/清源街道.xlsx"), WithCommunities, IngestRules.Default, catalog: CompiledCatalog.Compile(catalog));
        Assert.Empty(inspection.Findings);
        Assert.Equal(("GarbageSorting", 2), (inspection.Form, inspection.Rows));
    }
}
