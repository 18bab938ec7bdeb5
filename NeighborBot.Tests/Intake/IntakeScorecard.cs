using System.Globalization;
using System.Text;
using NeighborBot.Intake;

namespace NeighborBot.Tests.Intake;

/// <summary>How well the analyzer reads a labelled set: the figures the accuracy test keeps from going down.</summary>
public sealed class IntakeScorecard
{
    private static readonly string[] Categories = [.. IntakeCategories.All, IntakeCategories.Other];

    private readonly List<(LabelledMessage Label, IntakeResult Result)> _rows = [];

    public IntakeScorecard(IEnumerable<LabelledMessage> messages, IntakeAnalyzer analyzer)
    {
        foreach (var message in messages)
        {
            _rows.Add((message, analyzer.Analyze(message.Text)));
        }
    }

    public int Count => _rows.Count;

    /// <summary>The figures by name; <see cref="LowerIsBetter"/> names the ones that should go down.</summary>
    public IReadOnlyDictionary<string, double> Figures => new Dictionary<string, double>
    {
        ["isTicketAccuracy"] = Rate(_rows, r => r.Label.Ticket == r.Result.IsTicket),
        ["categoryAccuracy"] = Rate(_rows, r => r.Label.Category == r.Result.Category),
        ["categoryAfterAsking"] = Rate(_rows, r => r.Label.Category == r.Result.Category || (r.Result.Choices?.Contains(r.Label.Category) ?? false)),
        ["askRate"] = Rate(_rows, r => r.Result.Choices is not null),
        ["intentAccuracy"] = Rate(_rows.Where(r => r.Label.Intent is not null), r => r.Label.Intent == r.Result.Intent),
        ["locationExactMatch"] = Rate(_rows.Where(r => r.Label.Location is not null && r.Label.Intent is not null), r => r.Label.Location!.Matches(r.Result.Location)),
        ["locationHomeExact"] = Rate(_rows.Where(r => r.Label.Location is { } l && (l.Building ?? l.Unit ?? (object?)l.Room) is not null), r => r.Label.Location!.SameHome(FirstLocation(r.Result))),
        ["locationInventedRate"] = Rate(_rows.Where(r => r.Label.Location is null && r.Label.Intent is not null), r => r.Result.Location is not null),
        ["urgentRecall"] = Rate(_rows.Where(r => r.Label.Urgent), r => r.Result.Urgent),
        ["urgentPrecision"] = Rate(_rows.Where(r => r.Result.Urgent), r => r.Label.Urgent),
        ["hazardAccuracy"] = Rate(_rows.Where(r => r.Label.Hazard is not null), r => r.Result.Problems.FirstOrDefault(p => p.Urgent)?.Hazard == r.Label.Hazard),
        ["problemCountAccuracy"] = Rate(_rows, r => r.Label.Problems == r.Result.Problems.Count),
        ["multiProblemAccuracy"] = Rate(_rows.Where(r => r.Label.Problems > 1), r => (r.Label.Categories ?? []).SequenceEqual(r.Result.Problems.Select(p => p.Category))),
    };

    public static IReadOnlySet<string> LowerIsBetter { get; } = new HashSet<string> { "locationInventedRate", "askRate" };

    private static IntakeLocation? FirstLocation(IntakeResult result) => result.Problems.Count > 0 ? result.Problems[0].Location ?? result.Location : result.Location;

    public (double Precision, double Recall, int Support) PerCategory(string category)
    {
        var predicted = _rows.Count(r => r.Result.Category == category);
        var actual = _rows.Count(r => r.Label.Category == category);
        var hits = _rows.Count(r => r.Result.Category == category && r.Label.Category == category);
        return (predicted == 0 ? 1 : (double)hits / predicted, actual == 0 ? 1 : (double)hits / actual, actual);
    }

    /// <summary>A table to read in the test output: per-category precision and recall, the overall figures, then every miss.</summary>
    public string Report(string title)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"== {title}: {Count} messages ==");
        sb.AppendLine("category      precision  recall  support");
        foreach (var category in Categories)
        {
            var (p, r, n) = PerCategory(category);
            sb.AppendLine(CultureInfo.InvariantCulture, $"{category,-12}  {p,9:P1}  {r,6:P1}  {n,7}");
        }

        sb.AppendLine("confusion (rows: labelled, columns: given)");
        sb.Append("            ");
        foreach (var category in Categories)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{category[..Math.Min(5, category.Length)],6}");
        }

        sb.AppendLine();
        foreach (var row in Categories)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{row,-12}");
            foreach (var column in Categories)
            {
                sb.Append(CultureInfo.InvariantCulture, $"{_rows.Count(r => r.Label.Category == row && r.Result.Category == column),6}");
            }

            sb.AppendLine();
        }

        sb.AppendLine();
        foreach (var (name, value) in Figures)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"{name,-22} {value:P1}");
        }

        sb.AppendLine();
        sb.AppendLine("misses (line: expected → got):");
        foreach (var (label, result) in _rows)
        {
            var problems = new List<string>();
            if (label.Category != result.Category || label.Ticket != result.IsTicket)
            {
                problems.Add($"category {label.Category} → {result.Category}");
            }

            if (label.Intent is not null && label.Intent != result.Intent)
            {
                problems.Add($"intent {label.Intent} → {result.Intent}");
            }

            if (label.Urgent != result.Urgent || (label.Hazard is not null && label.Hazard != result.Problems.FirstOrDefault(p => p.Urgent)?.Hazard))
            {
                problems.Add($"urgent {label.Hazard ?? label.Urgent.ToString()} → {result.Problems.FirstOrDefault(p => p.Urgent)?.Hazard ?? result.Urgent.ToString()}");
            }

            if (label.Intent is not null && (label.Location is null ? result.Location is not null : !label.Location.Matches(result.Location)))
            {
                var got = result.Location is null ? "none" : new LabelledLocation(result.Location.Building, result.Location.Unit, result.Location.Room, result.Location.Place).ToString();
                problems.Add($"location {label.Location?.ToString() ?? "none"} → {got}");
            }

            if (label.Problems != result.Problems.Count || (label.Problems > 1 && !(label.Categories ?? []).SequenceEqual(result.Problems.Select(p => p.Category))))
            {
                problems.Add($"problems {string.Join('+', label.Categories ?? [label.Category])} → {string.Join('+', result.Problems.Select(p => p.Category))}");
            }

            if (problems.Count > 0)
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"  {label.Line,3}: {label.Text} | {string.Join("; ", problems)}");
            }
        }

        return sb.ToString();
    }

    private static double Rate<T>(IEnumerable<T> items, Func<T, bool> good)
    {
        var list = items.ToList();
        return list.Count == 0 ? 1 : Math.Round((double)list.Count(good) / list.Count, 4);
    }
}
