using System.Text;
using System.Text.Json.Nodes;
using Pipeline.Core.Forms;

namespace Pipeline.Samples;

/// <summary>
/// The district office's catalog version 2021.1, from 2021-01: the built-in forms and the seed bulletin's
/// 生活垃圾分类督导 and 养老驿站建设 (<c>Forms/seed-forms.json</c>), uploaded to the district's forms/ folder, and
/// January's sheets of both forms.
/// </summary>
public static class SeedFormSamples
{
    public const string CatalogPath = "110115/forms/大兴区表单目录-2021.1.json";

    public static void WriteAll(string root, string period, string month)
    {
        var catalog = Path.Combine(root, CatalogPath);
        Directory.CreateDirectory(Path.GetDirectoryName(catalog)!);
        File.WriteAllText(catalog, Catalog(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));

        var folder = Directory.CreateDirectory(Path.Combine(root, period)).FullName;
        var random = new Random(20210115);
        foreach (var street in (string[])["清源街道", "兴丰街道"])
        {
            var lines = new List<string> { "街道,社区,是否督导,户数,参与户数,备注" };
            foreach (var community in DaxingCommunities.ByStreet[street])
            {
                var households = random.Next(300, 2400);
                var supervised = random.NextDouble() < 0.85;
                var participating = (int)(households * (supervised ? 0.78 + (random.NextDouble() * 0.2) : 0.3 + (random.NextDouble() * 0.3)));
                lines.Add($"{street},{community},{(supervised ? "是" : "否")},{households},{participating},{(supervised ? "" : "督导员本月调整")}");
            }

            File.WriteAllText(Path.Combine(folder, $"{street}-生活垃圾分类督导-{month}.csv"), string.Join("\r\n", lines) + "\r\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        }

        var stations = new List<string> { "街道,社区,驿站名称,建设状态,床位数" };
        var statuses = (string[])["运营", "运营", "运营", "在建", "规划"];
        foreach (var street in (string[])["清源街道", "兴丰街道", "黄村地区", "亦庄地区"])
        {
            foreach (var community in DaxingCommunities.ByStreet[street].Take(3))
            {
                stations.Add($"{street},{community},{community.Replace("社区", "", StringComparison.Ordinal)}养老驿站,{statuses[random.Next(statuses.Length)]},{random.Next(4, 30)}");
            }
        }

        File.WriteAllText(Path.Combine(folder, $"大兴区-养老驿站建设-{month}.csv"), string.Join("\r\n", stations) + "\r\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
    }

    /// <summary>The built-in catalog with the seed forms and their indicators added, as version 2021.1 from 2021-01.</summary>
    public static string Catalog()
    {
        var catalog = JsonNode.Parse(FormCatalogFile.Write(FormCatalogs.Builtin))!.AsObject();
        catalog["version"] = "2021.1";
        catalog["effectiveFrom"] = "2021-01";
        var seed = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Forms", "seed-forms.json")))!;
        foreach (var form in seed["forms"]!.AsArray())
        {
            catalog["forms"]!.AsArray().Add(form!.DeepClone());
        }

        foreach (var indicator in seed["indicators"]!.AsArray())
        {
            catalog["indicators"]!.AsArray().Add(indicator!.DeepClone());
        }

        return catalog.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }
}
