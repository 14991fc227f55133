using Pipeline.Core.Forms;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs.Models;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Adapters.Publish;
using Pipeline.Adapters.Spreadsheets;
using Pipeline.Adapters.SubmissionTemplates;
using Pipeline.Core.Divisions;
using Pipeline.Core.Ingest;
using Field = Pipeline.Core.SubmissionTemplates.Field;
using Cell = DocumentFormat.OpenXml.Spreadsheet.Cell;
using Sheet = DocumentFormat.OpenXml.Spreadsheet.Sheet;
using Pipeline.Core.Model;
using Pipeline.Core.Report;
using Pipeline.Core.Sheets;
using Pipeline.Core.Summary;
using Pipeline.Core.SubmissionTemplates;
using Pipeline.IntegrationTests.Cli;
using Pipeline.IntegrationTests.Hosting;
using Pipeline.IntegrationTests.Ingest;
using Pipeline.IntegrationTests.Publish;
using Pipeline.IntegrationTests.Storage;

namespace Pipeline.IntegrationTests.SubmissionTemplates;

public sealed class SubmissionTemplateWorkbookTests(StorageTestEnvironment storage)
{
    private const string RegistryJson = """
        { "district": { "code": "110115", "name": "大兴区" },
          "streets": [
            { "code": "110115003000", "name": "清源街道",
              "communities": [ { "code": "110115003001", "name": "枣园社区" }, { "code": "110115003002", "name": "兴涛社区" } ] },
            { "code": "110115001000", "name": "兴丰街道" } ],
          "serviceModes": [ "专业物业", "红色物业", "国企兜底" ] }
        """;

    private static readonly DivisionRegistry Registry = DivisionRegistry.Parse(RegistryJson);

    private static readonly Street Qingyuan = Registry.FindByCode("110115003000")!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> Forms => [.. FormCatalogs.Builtin.Forms.Select(f => f.Code)];

    /// <summary>The template of a built-in form by its template name or code.</summary>
    private static SubmissionTemplate Template(string name, DivisionRegistry registry, Street? street = null, string? period = null) =>
        CatalogTemplate.For(CatalogTemplate.FormNamed(FormCatalogs.Builtin, name)!, registry, street, period);

    private static List<SheetRow> ReadBack(byte[] workbook, out string sheetName)
    {
        var sheet = SpreadsheetReader.Read(new MemoryStream(workbook), "template.xlsx", SpreadsheetLimits.Default).First();
        sheetName = sheet.Name;
        return [.. sheet.Rows];
    }

    [Theory]
    [MemberData(nameof(Forms))]
    public void Read_by_the_projects_own_reader_it_has_the_title_the_readers_headers_and_the_pre_filled_rows(string form)
    {
        var template = Template(form, Registry, Qingyuan, "2020-12");

        var rows = ReadBack(SubmissionTemplateWorkbook.Write(template), out var name);

        Assert.Equal(SubmissionTemplate.DataSheet, name);
        Assert.Equal(template.Title, rows[0][0].Text);
        var headers = rows[1].Cells.Select(c => c.Text).ToList();
        Assert.Equal(FormCatalogs.Builtin.Form(form)!.Columns.Where(c => template.Columns.Any(t => t.Field.Key == c.Key)).Select(c => c.Label.Zh), headers);
        var header = FormHeader.TryRead(rows[1], CompiledCatalog.Builtin, out _)!;
        Assert.Equal((form, headers.Count), (header.Form.Definition.Code, header.Columns.Count));
        var expected = form == "AppealCounts"
            ? new[] { ("2020-12", "清源街道", "110115003001", "枣园社区"), ("2020-12", "清源街道", "110115003002", "兴涛社区") }
            : [];
        Assert.Equal(expected, rows.Skip(2).Select(r => (r[header.Columns["period"]].Text, r[header.Columns["street_name"]].Text,
            r[header.Columns["community_code"]].Text, r[header.Columns["community_name"]].Text)));
    }

    [Fact]
    public void Drop_downs_freeze_panes_widths_and_instructions_are_in_the_workbook()
    {
        var template = Template("roster", Registry, Qingyuan);
        using var document = SpreadsheetDocument.Open(new MemoryStream(SubmissionTemplateWorkbook.Write(template)), false);
        var workbook = document.WorkbookPart!;
        var names = workbook.Workbook.DefinedNames!.Elements<DefinedName>().ToDictionary(n => n.Name!.Value!, n => n.Text);
        var choicesSheet = workbook.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == SubmissionTemplateWorkbook.ChoicesSheet);
        var choices = ((WorksheetPart)workbook.GetPartById(choicesSheet.Id!)).Worksheet.Descendants<Cell>()
            .ToDictionary(c => c.CellReference!.Value!, c => c.InnerText);
        var data = TemplateFilling.DataSheet(document).Worksheet;

        Assert.Equal(SheetStateValues.Hidden, choicesSheet.State!.Value);
        var validations = data.Descendants<DataValidation>().ToList();
        Assert.Equal(template.Columns.Count(c => c.Choices is not null), validations.Count);
        foreach (var (column, index) in template.Columns.Select((c, i) => (c, i)).Where(c => c.c.Choices is not null))
        {
            var letters = TemplateFilling.Letters(index);
            var validation = Assert.Single(validations, v => v.SequenceOfReferences!.InnerText == $"{letters}3:{letters}1048576");
            Assert.Equal(DataValidationValues.List, validation.Type!.Value);
            Assert.Equal(column.Choices!.Strict ? DataValidationErrorStyleValues.Stop : DataValidationErrorStyleValues.Warning,
                validation.ErrorStyle?.Value ?? DataValidationErrorStyleValues.Stop);
            // The list: a defined name over a column of the hidden sheet holding exactly the choices.
            var range = names[validation.Formula1!.Text];
            var listColumn = range.Split('$')[1];
            Assert.Equal(column.Choices.Values, Enumerable.Range(1, column.Choices.Values.Count).Select(r => choices[$"{listColumn}{r}"]));
            Assert.EndsWith($"${listColumn}${column.Choices.Values.Count}", range, StringComparison.Ordinal);
        }

        Assert.Equal(["是", "否"], template.Columns.Single(c => c.Field.Key == "has_property_service").Choices!.Values);
        Assert.Equal(["专业物业", "红色物业", "国企兜底"], template.Columns.Single(c => c.Field.Key == "service_mode").Choices!.Values);
        var pane = data.Descendants<Pane>().Single();
        Assert.Equal((2d, "A3", PaneStateValues.Frozen), (pane.VerticalSplit!.Value, pane.TopLeftCell!.Value!, pane.State!.Value));
        Assert.Equal(template.Columns.Select(c => (double)c.Width), data.Descendants<Column>().Select(c => c.Width!.Value));
        Assert.Equal("A1:N1", data.Descendants<MergeCell>().Single().Reference!.Value);
        var instructions = workbook.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == SubmissionTemplate.InstructionsSheet);
        Assert.Equal(template.Instructions.Where(l => l.Length > 0),
            ((WorksheetPart)workbook.GetPartById(instructions.Id!)).Worksheet.Descendants<Cell>().Select(c => c.InnerText).Where(t => t.Length > 0));
        Assert.Equal((SubmissionTemplate.Timestamp.UtcDateTime, template.Title), (document.PackageProperties.Created, document.PackageProperties.Title));
    }

    [Fact]
    public void The_same_registry_gives_the_same_bytes_and_another_registry_other_bytes()
    {
        var first = SubmissionTemplateWorkbook.Write(Template("roster", Registry, Qingyuan));
        Thread.Sleep(1100); // zip entries record seconds: a later write must not differ by its time
        var again = SubmissionTemplateWorkbook.Write(Template("roster", DivisionRegistry.Parse(RegistryJson), DivisionRegistry.Parse(RegistryJson).FindByCode(Qingyuan.Code)));
        var other = SubmissionTemplateWorkbook.Write(Template("roster",
            DivisionRegistry.Parse(RegistryJson.Replace("国企兜底", "自管", StringComparison.Ordinal)), Qingyuan));

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public async Task Every_template_from_the_cli_passes_validate_without_header_findings()
    {
        using var registry = new TemporaryFile(RegistryJson);
        var folder = Directory.CreateTempSubdirectory("pipeline-templates-");
        try
        {
            var environment = new Dictionary<string, string?> { ["Pipeline__RegistryFile"] = registry.Path };
            var files = new List<string>();
            foreach (var name in FormCatalogs.Builtin.Forms.Select(f => f.TemplateFile))
            {
                foreach (var street in new[] { null, "清源街道", "110115001000" })
                {
                    var file = Path.Combine(folder.FullName, $"{street ?? "blank"}-{name}.xlsx");
                    var (exit, output, error) = await CliProcess.RunAsync(environment,
                        street is null ? ["template", name, "--out", file] : ["template", name, "--street", street, "--period", "2020-12", "--out", file]);
                    Assert.True(exit == 0, error);
                    Assert.StartsWith($"{file}: ", output, StringComparison.Ordinal);
                    files.Add(file);
                }
            }

            var (_, json, _) = await CliProcess.RunAsync(environment, ["validate", .. files, "--period", "2020-12", "--json"]);
            var codes = JsonDocument.Parse(json).RootElement.EnumerateArray().Select(f => f.GetProperty("code").GetString()!).ToList();
            Assert.DoesNotContain(codes, c => c.StartsWith("header.", StringComparison.Ordinal) || c == "file.no-header");
            // The unfilled ones only say they hold nothing, or (the counts with communities) that the counts are still to fill in.
            Assert.All(codes, c => Assert.Contains(c, new[] { "file.no-rows", "value.required" }));
            Assert.Contains("value.required", codes);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task An_unknown_street_or_form_is_one_line_and_exit_2()
    {
        var (exit, output, error) = await CliProcess.RunAsync(new Dictionary<string, string?>(), "template", "roster", "--street", "朝阳门街道", "--out", "x.xlsx");
        Assert.Equal((2, ""), (exit, output));
        Assert.Equal("pipeline template: --street '朝阳门街道' is not a street or town of 大兴区: give its registry name or 12-digit code.", error.Trim());

        (exit, _, error) = await CliProcess.RunAsync(new Dictionary<string, string?>(), "template", "budget", "--out", "x.xlsx");
        Assert.Equal(2, exit);
        Assert.StartsWith("pipeline: unknown template 'budget': the forms are roster, counts, tickets", error, StringComparison.Ordinal);
        Assert.False(File.Exists("x.xlsx"));
    }

    [Fact]
    public async Task A_catalog_forms_template_comes_from_the_cli_with_the_catalog_file_and_is_that_form()
    {
        using var catalog = new TemporaryFile(Encoding.UTF8.GetString(Pipeline.IntegrationTests.Forms.CatalogFormTests.WithGarbageSorting()));
        var file = Path.Combine(Path.GetTempPath(), $"sorting-{Guid.NewGuid():N}.xlsx");
        try
        {
            var (exit, output, error) = await CliProcess.RunAsync(new Dictionary<string, string?>(),
                "template", "GarbageSorting", "--catalog", catalog.Path, "--street", "清源街道", "--period", "2021-01", "--out", file);

            Assert.True(exit == 0, error);
            Assert.StartsWith($"{file}: 大兴区 清源街道 生活垃圾分类督导", output, StringComparison.Ordinal);
            var rows = Adapters.Spreadsheets.SpreadsheetReader.Read(new MemoryStream(await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken)), "x.xlsx", Core.Sheets.SpreadsheetLimits.Default).First().Rows.ToList();
            var compiled = CompiledCatalog.Compile(FormCatalogFile.Read(Pipeline.IntegrationTests.Forms.CatalogFormTests.WithGarbageSorting(), "forms.json").Catalog!);
            Assert.Equal("GarbageSorting", FormHeader.TryRead(rows[1], compiled, out _)!.Form.Definition.Code);

            (exit, output, error) = await CliProcess.RunAsync(new Dictionary<string, string?>(), "template", "Budget", "--catalog", catalog.Path, "--out", file);
            Assert.Equal((2, ""), (exit, output));
            Assert.StartsWith($"pipeline template: {catalog.Path} has no form 'Budget': its forms are CompoundRoster, AppealCounts, TicketExport, GarbageSorting", error.Trim(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Filled_in_templates_are_accepted_with_the_expected_figures_and_the_report_publishes_and_links_them()
    {
        using var registry = new TemporaryFile(RegistryJson);
        await using var harness = new PipelineHarness(storage, new() { ["Pipeline:RegistryFile"] = registry.Path });

        var counts = Template("counts", Registry, Qingyuan, "2020-12");
        var countsFile = TemplateFilling.Fill(SubmissionTemplateWorkbook.Write(counts), counts, new Dictionary<int, Dictionary<string, string>>
        {
            [3] = Counts(10, 9, 8, 7, 5, 3, 1),
            [4] = Counts(20, 20, 20, 18, 15, 4, 1),
        });
        var roster = Template("roster", Registry, Qingyuan, "2020-12");
        var rosterFile = TemplateFilling.Fill(SubmissionTemplateWorkbook.Write(roster), roster, new Dictionary<int, Dictionary<string, string>>
        {
            [3] = Compound("枣园社区", "枣园小区", "是", "专业物业", "业委会", "是"),
            [4] = Compound("枣园社区", "兴华小区", "否", "", "无", "是"),
            [5] = Compound("兴涛社区", "兴涛小区", "是", "红色物业", "物管会", "否"),
        });
        var tickets = Template("tickets", Registry, Qingyuan);
        var ticketsFile = TemplateFilling.Fill(SubmissionTemplateWorkbook.Write(tickets), tickets, new Dictionary<int, Dictionary<string, string>>
        {
            [3] = Ticket("T1", "2021-01-04 08:30:00", "是", "是", "是", "满意"),
            [4] = Ticket("T2", "2021-01-05 09:00:00", "是", "是", "否", "不满意"),
            [5] = Ticket("T3", "2021-01-06 10:00:00", "否", "", "", ""),
        });

        foreach (var (path, file) in new[] { ("110115003000/2020-12/counts.xlsx", countsFile), ("110115003000/2020-12/roster.xlsx", rosterFile), ("110115003000/tickets.xlsx", ticketsFile) })
        {
            var processed = await harness.UploadAndProcessAsync(path, file);
            Assert.True(processed.Ingest.Findings.Count == 0, string.Join("; ", processed.Ingest.Findings.Select(f => $"{f.Row} {f.Column} {f.Message}")));
        }

        var december = Assert.Single((await harness.Summaries.ReadAsync("2020-12", SummaryDocument.Monthly, Ct)).Streets, s => s.Code == Qingyuan.Code);
        Assert.Equal((30L, 29L, 28L, 25L, 20L, 7L, 2L), (december.Appeals!.Received, december.Appeals.ValidVisits, december.Appeals.Contacted,
            december.Appeals.Resolved, december.Appeals.Satisfied, december.Appeals.BasicSatisfied, december.Appeals.Unsatisfied));
        Assert.Equal((3L, 2L, 2L, 2L), (december.Property!.Compounds, december.Property.WithPropertyService, december.Property.WithOwnerOrganization, december.Property.WithPartyOrganization));
        Assert.Equal(1, december.Property.ByServiceMode["红色物业"]);
        var january = Assert.Single((await harness.Summaries.ReadAsync("2021-01", SummaryDocument.Monthly, Ct)).Streets, s => s.Code == Qingyuan.Code);
        Assert.Equal((3L, 2L, 2L, 1L, 1L, 1L), (january.Appeals!.Received, january.Appeals.ValidVisits, january.Appeals.Contacted,
            january.Appeals.Resolved, january.Appeals.Satisfied, january.Appeals.Unsatisfied));

        // Published beside the report: blank and per street, as xlsx, each linked from the index.
        var index = Encoding.UTF8.GetString(await ReportWriterTests.ReadAsync(harness, ReportSite.IndexPath));
        var blobs = await harness.Storage.Web.GetBlobsAsync(BlobTraits.None, BlobStates.None, SubmissionTemplate.PublishedFolder + "/", Ct).ToListAsync(Ct);
        var published = CatalogTemplate.Published(FormCatalogs.Builtin, Registry).ToList();
        Assert.Equal(published.Select(t => t.PublishedPath).Order(StringComparer.Ordinal), blobs.Select(b => b.Name).Order(StringComparer.Ordinal));
        Assert.All(blobs, b => Assert.Equal(ReportHeaders.Xlsx, b.Properties.ContentType));
        Assert.All(published, t => Assert.Contains($"<a href=\"{t.PublishedPath["reports/".Length..]}\">{t.FileName}</a>", index, StringComparison.Ordinal));
        Assert.Contains("<tr data-street=\"110115003000\"><th scope=\"row\" class=\"text\">清源街道</th>", index, StringComparison.Ordinal);
        Assert.Equal(SubmissionTemplateWorkbook.Write(Template("counts", Registry, Qingyuan)),
            await ReportWriterTests.ReadAsync(harness, "reports/templates/110115003000/counts.xlsx"));

        // Another instance with the same registry rewrites none of them: their content has not changed.
        var before = blobs.ToDictionary(b => b.Name, b => b.Properties.ETag);
        await using var second = new PipelineHarness(storage, new Dictionary<string, string?>(harness.Settings));
        await second.Services.GetRequiredService<ReportWriter>().WriteAsync("2020-12", Ct);
        var after = await second.Storage.Web.GetBlobsAsync(BlobTraits.None, BlobStates.None, SubmissionTemplate.PublishedFolder + "/", Ct).ToListAsync(Ct);
        Assert.Equal(before, after.ToDictionary(b => b.Name, b => b.Properties.ETag));
    }

    private static Dictionary<string, string> Counts(params long[] values) =>
        new[] { "received", "valid_visits", "contacted", "resolved", "satisfied", "basic_satisfied", "unsatisfied" }
            .Zip(values, (f, v) => (f, v.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToDictionary(x => x.f, x => x.Item2);

    private static Dictionary<string, string> Compound(string community, string name, string service, string mode, string owner, string party) => Present(new()
    {
        ["street_name"] = "清源街道", ["community_name"] = community, ["compound_name"] = name, ["has_property_service"] = service,
        ["service_mode"] = mode, ["owner_org"] = owner, ["party_org"] = party,
    });

    private static Dictionary<string, string> Ticket(string id, string at, string valid, string contacted, string resolved, string satisfaction) => Present(new()
    {
        ["ticket_id"] = id, ["received_at"] = at, ["street_name"] = "清源街道", ["community_name"] = "枣园社区",
        ["valid_visit"] = valid, ["contacted"] = contacted, ["resolved"] = resolved, ["satisfaction"] = satisfaction,
    });

    private static Dictionary<string, string> Present(Dictionary<string, string> values) => values.Where(v => v.Value.Length > 0).ToDictionary();
}
