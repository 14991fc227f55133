namespace Pipeline.Core.Forms;

/// <summary>
/// The built-in catalog's forms: a form's title, its statement, its columns. Code that needs to know such a thing of a form asks the catalog here, instead of naming the form.
/// </summary>
public static class BuiltinForms
{
    public static FormDefinition Of(string form) =>
        FormCatalogs.Builtin.Form(form) ?? throw new InvalidOperationException($"The built-in form catalog has no form {form}.");
}
