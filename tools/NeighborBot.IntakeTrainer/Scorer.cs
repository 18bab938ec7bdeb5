using System.Globalization;
using System.Text;
using NeighborBot.Intake;

namespace NeighborBot.IntakeTrainer;

/// <summary>The figures of product.md's labelling guide for a set of messages and what intake made of them.</summary>
internal sealed class Scorer
{
    private readonly List<(Example Label, IntakeResult Got)> _rows = [];

    public void Add(Example label, IntakeResult got) => _rows.Add((label, got));

    public int Count => _rows.Count;

    public double Category => Rate(_rows, r => r.Label.Category == r.Got.Category);

    /// <summary>Right category, counting a question whose choices hold the right one as right.</summary>
    public double CategoryAfterAsking => Rate(_rows, r => r.Label.Category == r.Got.Category || (r.Got.Choices?.Contains(r.Label.Category) ?? false));

    public double UrgentRecall => Rate(_rows.Where(r => r.Label.Urgent), r => r.Got.Urgent);

    public double UrgentPrecision => Rate(_rows.Where(r => r.Got.Urgent), r => r.Label.Urgent);

    public double LocationExact => Rate(_rows.Where(r => r.Label.Location is { } l && (l.Building ?? l.Unit ?? (object?)l.Room) is not null), r => SameHome(r.Label.Location!, r.Got));

    public double AskRate => Rate(_rows, r => r.Got.Choices is not null);

    public double Problems => Rate(_rows, r => r.Label.Problems == r.Got.Problems.Count);

    public string Line(string name) => string.Create(CultureInfo.InvariantCulture,
        $"{name,-34} n={Count,5}  category {Category,7:P1}  after asking {CategoryAfterAsking,7:P1}  urgent R/P {UrgentRecall,6:P1}/{UrgentPrecision,6:P1}  location {LocationExact,6:P1}  ask {AskRate,5:P1}  problems {Problems,6:P1}");

    public string Report(string title, bool misses)
    {
        var labels = IntakeModel.Labels;
        var sb = new StringBuilder();
        sb.AppendLine(Line(title));
        sb.AppendLine("label         precision  recall  support");
        foreach (var label in labels)
        {
            var predicted = _rows.Count(r => r.Got.Category == label);
            var actual = _rows.Count(r => r.Label.Category == label);
            var hits = _rows.Count(r => r.Got.Category == label && r.Label.Category == label);
            sb.AppendLine(CultureInfo.InvariantCulture, $"{label,-12}  {(predicted == 0 ? 1 : (double)hits / predicted),9:P1}  {(actual == 0 ? 1 : (double)hits / actual),6:P1}  {actual,7}");
        }

        sb.AppendLine("confusion (rows: labelled, columns: given)");
        sb.Append("            ");
        foreach (var label in labels)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{label[..Math.Min(5, label.Length)],6}");
        }

        sb.AppendLine();
        foreach (var row in labels)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{row,-12}");
            foreach (var column in labels)
            {
                sb.Append(CultureInfo.InvariantCulture, $"{_rows.Count(r => r.Label.Category == row && r.Got.Category == column),6}");
            }

            sb.AppendLine();
        }

        if (misses)
        {
            sb.AppendLine("misses (source:line expected → got):");
            foreach (var (label, got) in _rows)
            {
                var what = new List<string>();
                if (label.Category != got.Category)
                {
                    what.Add($"category {label.Category} → {got.Category}{(got.Choices is null ? string.Empty : " (asked " + string.Join("/", got.Choices) + ")")}");
                }

                if (label.Urgent != got.Urgent)
                {
                    what.Add($"urgent {label.Urgent} → {got.Urgent}");
                }

                if (label.Location is { } l && (l.Building ?? l.Unit ?? (object?)l.Room) is not null && !SameHome(l, got))
                {
                    var at = got.Problems.Count > 0 ? got.Problems[0].Location ?? got.Location : got.Location;
                    what.Add($"location {l.Building}/{l.Unit}/{l.Room} → {at?.Building}/{at?.Unit}/{at?.Room}");
                }

                if (what.Count > 0)
                {
                    sb.AppendLine(CultureInfo.InvariantCulture, $"  {label.Source}:{label.Line}: {label.Text} | {string.Join("; ", what)}");
                }
            }
        }

        return sb.ToString();
    }

    private static bool SameHome(ExampleLocation label, IntakeResult got)
    {
        var location = got.Problems.Count > 0 ? got.Problems[0].Location ?? got.Location : got.Location;
        return location is not null && location.Building == label.Building && location.Unit == label.Unit && location.Room == label.Room;
    }

    private static double Rate<T>(IEnumerable<T> items, Func<T, bool> good)
    {
        var list = items.ToList();
        return list.Count == 0 ? 1 : (double)list.Count(good) / list.Count;
    }
}
