using Pipeline.Core.Forms;
using Pipeline.Core.Divisions;
using Pipeline.Core.Ingest;
using Pipeline.Core.Figures;
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

    public static TheoryData<string> Forms => [.. FormCatalogs.Builtin.Forms.Select(f => f.Code)];

    /// <summary>The template of a built-in form by its template name or code.</summary>
    private static SubmissionTemplate Template(string name, DivisionRegistry registry, Street? street = null, string? period = null) =>
        CatalogTemplate.For(CatalogTemplate.FormNamed(FormCatalogs.Builtin, name)!, registry, street, period);

    /// <summary>The template's column of <paramref name="key"/>.</summary>
    private static Field F(SubmissionTemplate template, string key) => template.Columns.Single(c => c.Field.Key == key).Field;

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
        var template = Template(form, Daxing);
        var header = FormHeader.TryRead(SheetOf(template).Rows.ElementAt(1), CompiledCatalog.Builtin, out var duplicated);

        Assert.NotNull(header);
        Assert.Empty(duplicated);
        Assert.Equal(form, header.Form.Definition.Code);
        Assert.Equal(template.Columns.Select(c => c.Field.Key), header.Columns.OrderBy(c => c.Value).Select(c => c.Key));
        Assert.All(header.Form.Definition.Columns.Where(c => c.Required), c => Assert.True(header.Has(c.Key), c.Key));
        Assert.True(header.Has("street_name"));
        Assert.Null(FormHeader.TryRead(SheetOf(template).Rows.First(), CompiledCatalog.Builtin, out _));
    }

    [Fact]
    public void Every_offered_spelling_reads_back_as_its_value()
    {
        Assert.Equal([true, false], CellValues.BooleanChoices.Select(c => CellValues.TryBoolean(Cell.FromText(c), out var v) ? v : (bool?)null));
        // A choice column's drop-down offers its options' values, each of which the reader reads as that option.
        foreach (var template in FormCatalogs.Builtin.Forms.Select(f => Template(f.Code, Daxing)))
        {
            var form = FormCatalogs.Builtin.Form(template.Form)!;
            foreach (var column in template.Columns.Where(c => form.Column(c.Field.Key)!.Type == ColumnType.Choice))
            {
                Assert.Equal(form.Column(column.Field.Key)!.Options.Select(o => o.Value), column.Choices!.Values);
            }
        }
    }

    [Fact]
    public void The_drop_downs_offer_what_the_reader_and_the_registry_know()
    {
        var roster = Template("roster", WithCommunities, WithCommunities.FindByName("清源街道"));
        TemplateChoices? Choices(SubmissionTemplate t, string key) => t.Columns.Single(c => c.Field.Key == key).Choices;

        Assert.Equal(new TemplateChoices(CellValues.BooleanChoices, true), Choices(roster, "has_property_service"));
        Assert.Equal(CellValues.BooleanChoices, Choices(roster, "party_org")!.Values);
        Assert.Equal(["业委会", "物管会", "有", "无"], Choices(roster, "owner_org")!.Values);
        Assert.Equal(["专业物业", "红色物业"], Choices(roster, "service_mode")!.Values);
        Assert.False(Choices(roster, "service_mode")!.Strict);
        Assert.Equal(["清源街道"], Choices(roster, "street_name")!.Values);
        Assert.Equal(["枣园社区", "兴涛社区"], Choices(roster, "community_name")!.Values);
        Assert.Null(Choices(roster, "compound_name"));

        var blank = Template("tickets", Daxing);
        Assert.Equal(Daxing.Streets.Select(s => s.Name), Choices(blank, "street_name")!.Values);
        Assert.Null(Choices(blank, "community_name"));
        Assert.Equal(["满意", "基本满意", "不满意"], Choices(blank, "satisfaction")!.Values);
        Assert.Equal(9, Daxing.ServiceModes.Count);
        Assert.Equal(Daxing.ServiceModes, Choices(Template("roster", Daxing), "service_mode")!.Values);
    }

    [Fact]
    public void Codes_periods_and_ticket_numbers_stay_text_and_the_call_time_is_a_date_time()
    {
        var tickets = Template("tickets", Daxing);
        var roster = Template("roster", Daxing);

        Assert.Equal(TemplateCellFormat.Text, tickets.Columns.Single(c => c.Field.Key == "ticket_id").Format);
        Assert.Equal(TemplateCellFormat.DateTime, tickets.Columns.Single(c => c.Field.Key == "received_at").Format);
        // Every text column is kept as typed: codes, periods, IDs, and names that look like numbers.
        Assert.Equal(["period", "community_code", "compound_id", "compound_name", "compound_type", "service_mode", "property_company", "explanation"],
            roster.Columns.Where(c => c.Format == TemplateCellFormat.Text).Select(c => c.Field.Key));
        Assert.All(roster.Columns, c => Assert.InRange(c.Width, c.Header.Length * 2, 40));
    }

    [Fact]
    public void A_streets_counts_template_has_its_communities_and_filled_in_is_accepted_with_those_counts()
    {
        var street = WithCommunities.FindByCode("110115003000")!;
        var template = Template("counts", WithCommunities, street, "2020-12");

        Assert.Equal(["枣园社区", "兴涛社区"], template.Rows.Select(r => r[F(template, "community_name")]));
        Assert.All(template.Rows, r => Assert.Equal(("清源街道", "2020-12"), (r[F(template, "street_name")], r[F(template, "period")])));
        Assert.Equal(["110115003001", "110115003002"], template.Rows.Select(r => r[F(template, "community_code")]));
        Assert.Contains("清源街道", template.Title);
        Assert.Contains("2020-12", template.Title);
        Assert.DoesNotContain(template.Columns, c => c.Field.Key is "response_rate" or "street_code");
        Assert.Contains("响应率、解决率、满意率由系统计算，不必填写。", template.Instructions);
        Assert.Contains("已按区划名录预填本街道 2 个社区，请逐行填写；没有的社区可删去整行，名录外的社区可在下方添加。", template.Instructions);
        Assert.Contains(FormCatalogs.Builtin.Form("AppealCounts")!.Guidance[1].Zh, template.Instructions);

        var counts = new[] { "received", "valid_visits", "contacted", "resolved", "satisfied", "basic_satisfied", "unsatisfied" }.Select(key => F(template, key)).ToArray();
        long[] values = [10, 9, 8, 7, 5, 3, 1];
        var filled = template with
        {
            Rows = [.. template.Rows.Select((row, i) => (IReadOnlyDictionary<Field, string>)row
                .Concat(counts.Select((f, j) => KeyValuePair.Create(f, (values[j] * (i + 1)).ToString(System.Globalization.CultureInfo.InvariantCulture))))
                .ToDictionary())],
        };
        var source = UploadSource.ForBlob("uploads/110115003000/counts.xlsx");
        Assert.Empty(UploadParser.Inspect([SheetOf(filled)], source, WithCommunities, IngestRules.Default).Findings);
        var records = UploadParser.Records([SheetOf(filled)], source, WithCommunities, IngestRules.Default).ToList();

        Assert.Equal([new AppealTally(10, 9, 8, 7, 5, 3, 1), new AppealTally(20, 18, 16, 14, 10, 6, 2)], records.Select(Figures.FigureRows.TallyOf));
        Assert.Equal(["110115003001", "110115003002"], records.Select(r => r.Community!.Code));
        Assert.All(records, r => Assert.Equal(("2020-12", "110115003000"), (r.Period, r.StreetCode)));
    }

    [Fact]
    public void Unfilled_templates_have_no_header_findings_only_that_they_hold_nothing()
    {
        foreach (var template in CatalogTemplate.Published(FormCatalogs.Builtin, WithCommunities))
        {
            var inspection = UploadParser.Inspect([SheetOf(template)], UploadSource.ForBlob(template.PublishedPath, "2020-12"), WithCommunities, IngestRules.Default);

            Assert.DoesNotContain(inspection.Findings, f => f.Code.StartsWith("header.", StringComparison.Ordinal) || f.Code == "file.no-header");
            Assert.Equal(template.Form, inspection.Form);
        }
    }

    [Fact]
    public void The_report_publishes_the_blank_templates_and_three_per_street()
    {
        var published = CatalogTemplate.Published(FormCatalogs.Builtin, Daxing).Select(t => t.PublishedPath).ToList();

        Assert.Equal(3 + (3 * 22), published.Distinct().Count());
        Assert.Equal(["reports/templates/roster.xlsx", "reports/templates/counts.xlsx", "reports/templates/tickets.xlsx"], published.Where(p => p.Count(c => c == '/') == 2));
        Assert.Contains("reports/templates/110115003000/counts.xlsx", published);
    }

    [Fact]
    public void The_instructions_name_every_column_and_whether_it_is_required()
    {
        var template = Template("roster", Daxing, Daxing.FindByName("清源街道"));
        var tickets = Template("tickets", Daxing);

        Assert.Contains("“是否满意”：选填；从下拉列表选择：满意、基本满意、不满意；留空表示未评价", tickets.Instructions);
        Assert.All(template.Columns, c => Assert.Contains(template.Instructions, line => line.StartsWith($"“{c.Header}”：{(c.Required ? "必填" : "选填")}", StringComparison.Ordinal)));
        Assert.Contains(template.Instructions, line => line.Contains("110115003000/", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("roster", "CompoundRoster")] [InlineData("Counts", "AppealCounts")] [InlineData(" tickets", "TicketExport")] [InlineData("ticketexport", "TicketExport")]
    public void Forms_go_by_their_template_names_or_codes(string name, string form) => Assert.Equal(form, CatalogTemplate.FormNamed(FormCatalogs.Builtin, name)!.Code);

    [Fact]
    public void An_unknown_name_is_none() => Assert.Null(CatalogTemplate.FormNamed(FormCatalogs.Builtin, "budget"));
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
