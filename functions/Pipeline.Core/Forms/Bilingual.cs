namespace Pipeline.Core.Forms;

/// <summary>A title or message in Chinese and English, as every page and finding shows them side by side.</summary>
public sealed record Bilingual(string Zh, string En)
{
    public override string ToString() => Zh == En ? Zh : $"{Zh} / {En}";
}
