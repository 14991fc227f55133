namespace Pipeline.Core.Forms;

/// <summary>
/// The district's forms (报表制度) as data: one version of the catalog, in force from <see cref="EffectiveFrom"/> on.
/// Earlier periods keep the version they were computed with.
/// </summary>
public sealed record FormCatalog(string Version, string EffectiveFrom, IReadOnlyList<FormDefinition> Forms, IReadOnlyList<Indicator> Indicators, Score? Score)
{
    public FormDefinition? Form(string code) => Forms.FirstOrDefault(f => f.Code == code);

    /// <summary>The form whose measures <paramref name="form"/>'s rows count towards: itself, or the one it feeds.</summary>
    public FormDefinition MeasuredAs(FormDefinition form) => form.Feeds is { } target && Form(target) is { } fed ? fed : form;
}
