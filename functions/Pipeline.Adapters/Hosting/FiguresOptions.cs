using System.ComponentModel.DataAnnotations;
using Pipeline.Core.Figures;

namespace Pipeline.Adapters.Hosting;

/// <summary>Weights and targets of the figures, section <c>Figures</c> (e.g. <c>Figures__Targets__resolutionRate=0.95</c>).</summary>
public sealed class FiguresOptions
{
    public const string Section = "Figures";

    [Range(0, 1)]
    public double BasicSatisfiedWeight { get; set; } = FigureSettings.Default.BasicSatisfiedWeight;

    [Range(0, 1)]
    public double ResponseWeight { get; set; } = FigureSettings.Default.ResponseWeight;

    [Range(0, 1)]
    public double ResolutionWeight { get; set; } = FigureSettings.Default.ResolutionWeight;

    [Range(0, 1)]
    public double SatisfactionWeight { get; set; } = FigureSettings.Default.SatisfactionWeight;

    /// <summary>Targets by indicator (propertyServiceRate, …, score); set one to 0 to switch its alerts off.</summary>
    public Dictionary<string, double> Targets { get; set; } = new(FigureSettings.Default.Targets, StringComparer.OrdinalIgnoreCase);

    public FigureSettings ToSettings() => new()
    {
        BasicSatisfiedWeight = BasicSatisfiedWeight,
        ResponseWeight = ResponseWeight,
        ResolutionWeight = ResolutionWeight,
        SatisfactionWeight = SatisfactionWeight,
        Targets = Indicators.All.Where(i => Targets.TryGetValue(i, out var t) && t > 0).ToDictionary(i => i, i => Targets[i]),
    };
}
