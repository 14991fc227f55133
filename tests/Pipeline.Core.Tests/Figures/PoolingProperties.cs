using FsCheck;
using FsCheck.Fluent;
using Pipeline.Core.Divisions;
using Pipeline.Core.Figures;
using Pipeline.Core.Ingest;
using Pipeline.Core.Summary;
using Pipeline.Core.Model;
using Pipeline.Core.Forms;

namespace Pipeline.Core.Tests.Figures;

/// <summary>Properties of pooling that must hold for any data: district numerators are the sums of the streets'.</summary>
public sealed class PoolingProperties
{
    private static readonly DivisionRegistry Daxing = DivisionRegistry.Builtin("110115")!;

    private static readonly Gen<AppealTally> Tallies =
        from valid in Gen.Choose(0, 500)
        from extra in Gen.Choose(0, 50)
        from contacted in Gen.Choose(0, valid)
        from resolved in Gen.Choose(0, valid)
        from satisfied in Gen.Choose(0, valid)
        from basic in Gen.Choose(0, valid - satisfied)
        from unsatisfied in Gen.Choose(0, valid - satisfied - basic)
        select new AppealTally(valid + extra, valid, contacted, resolved, satisfied, basic, unsatisfied);

    private static readonly Gen<(int Street, AppealTally Tally)[]> Communities =
        Gen.ArrayOf(Gen.Zip(Gen.Choose(0, 21), Tallies));

    [Fact]
    public void District_counts_are_the_sums_of_the_streets_and_its_rates_are_pooled() =>
        Prop.ForAll(Communities.ToArbitrary(), communities =>
        {
            var streets = communities
                .GroupBy(c => Daxing.Streets[c.Street].Code)
                .ToDictionary(g => g.Key, g => new StreetAggregate(g.Key, null, AppealAggregate.Pool(g.Select(c => c.Tally), AppealSource.Counts, CompiledCatalog.Builtin)));
            var summary = SummaryBuilder.Build(Daxing, "2020-12", SummaryDocument.Monthly, 1, DateTimeOffset.UnixEpoch, streets, new Dictionary<string, StreetAggregate>(), CompiledCatalog.Builtin);
            var district = summary.District.Appeals;
            if (communities.Length == 0)
            {
                return district is null;
            }

            var all = communities.Aggregate(AppealTally.Zero, (sum, c) => sum + c.Tally);
            var streetSum = summary.Streets.Where(s => s.Appeals is not null).Aggregate(0L, (sum, s) => sum + s.Appeals!.Resolved);
            var withValid = communities.Where(c => c.Tally.ValidVisits > 0).ToList();
            return district!.Received == all.Received && district.ValidVisits == all.ValidVisits && district.Resolved == all.Resolved
                && district.Resolved == streetSum
                && district.ResolutionRate == Rate.Of(all.Resolved, all.ValidVisits)
                && (withValid.Count == 0
                    ? district.CommunityAverage.ResolutionRate is null
                    : Math.Abs(district.CommunityAverage.ResolutionRate!.Value - withValid.Average(c => (double)c.Tally.Resolved / c.Tally.ValidVisits)) < 1e-12);
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Every_rate_is_a_fraction_or_null_and_ranks_are_a_permutation() =>
        Prop.ForAll(Communities.ToArbitrary(), communities =>
        {
            var streets = communities
                .GroupBy(c => Daxing.Streets[c.Street].Code)
                .ToDictionary(g => g.Key, g => new StreetAggregate(g.Key, null, AppealAggregate.Pool(g.Select(c => c.Tally), AppealSource.Counts, CompiledCatalog.Builtin)));
            var summary = SummaryBuilder.Build(Daxing, "2020-12", SummaryDocument.Monthly, 1, DateTimeOffset.UnixEpoch, streets, new Dictionary<string, StreetAggregate>(), CompiledCatalog.Builtin);
            var rates = summary.Streets.Where(s => s.Appeals is not null)
                .SelectMany(s => new[] { s.Appeals!.ResponseRate, s.Appeals.ResolutionRate, s.Appeals.SatisfactionRate });
            var ranks = summary.Streets.Where(s => s.Rank is not null).Select(s => s.Rank!.Value).Order().ToList();
            return rates.All(r => r is null || (r >= 0 && r <= 1 && !double.IsNaN(r.Value)))
                && ranks.SequenceEqual(Enumerable.Range(1, ranks.Count))
                && ranks.Count == summary.Streets.Count(s => s.Appeals?.Score is not null);
        }).QuickCheckThrowOnFailure();
}
