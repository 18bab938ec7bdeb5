using System.Text.Json;

namespace NeighborBot.Benchmarks;

/// <summary>The messages intake is measured on: the labelled sets in the repository (never the blind set) and a few long texts.</summary>
internal static class IntakeTexts
{
    /// <summary>Forwarded chain letters and long reports past what intake reads (600 characters for the rules, 400 for the model).</summary>
    public static IReadOnlyList<string> Long { get; } =
    [
        string.Concat(Enumerable.Repeat("转发给十个好友 否则家里要倒霉 这是真的 我们小区已经有人应验了 ", 100))[..3000],
        new string('转', 3000) + "三号楼楼道灯坏了",
        string.Concat(Enumerable.Repeat("3号楼2单元501 楼上漏水 物业不管 ", 200)),
    ];

    /// <summary>
    /// The training corpus (data/intake/corpus), the older labelled sets (NeighborBot.Tests/Intake/Data) and
    /// <see cref="Long"/>, in file order: 4,127 messages.
    /// </summary>
    public static string[] All() =>
        [.. Texts(Path.Combine(Root(), "data", "intake", "corpus")), .. Texts(Path.Combine(Root(), "NeighborBot.Tests", "Intake", "Data")), .. Long];

    /// <summary>The messages of data/intake/corpus, in file order.</summary>
    public static IEnumerable<string> Corpus() => Texts(Path.Combine(Root(), "data", "intake", "corpus"));

    /// <summary><paramref name="size"/> messages spread evenly over the corpus.</summary>
    public static string[] Sample(int size)
    {
        var all = Corpus().ToList();
        return [.. Enumerable.Range(0, size).Select(i => all[(int)((long)i * all.Count / size)])];
    }

    private static IEnumerable<string> Texts(string folder)
    {
        foreach (var file in System.IO.Directory.GetFiles(folder, "*.jsonl").Order(StringComparer.Ordinal))
        {
            foreach (var line in File.ReadLines(file))
            {
                if (!string.IsNullOrWhiteSpace(line))
                {
                    using var json = JsonDocument.Parse(line);
                    yield return json.RootElement.GetProperty("text").GetString()!;
                }
            }
        }
    }

    private static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NeighborBot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Run the benchmarks inside the repository (no NeighborBot.sln above here).");
    }
}
