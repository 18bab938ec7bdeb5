using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace NeighborBot.IntakeTrainer;

/// <summary>One labelled message in the training format of data/intake (see data/intake/README.md).</summary>
internal sealed record Example
{
    public required string Text { get; init; }
    public required string Category { get; init; }
    public bool Urgent { get; init; }
    public ExampleLocation? Location { get; init; }
    public int Problems { get; init; } = 1;
    public IReadOnlyList<string>? Categories { get; init; }
    public string? Note { get; init; }

    /// <summary>The file it came from (a writer, or the corrections), for leave-one-writer-out validation.</summary>
    [JsonIgnore]
    public string Source { get; init; } = string.Empty;

    [JsonIgnore]
    public int Line { get; init; }
}

internal sealed record ExampleLocation(int? Building, int? Unit, string? Room, string? Place);

internal static class Corpus
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The examples of one file in the training format.</summary>
    public static List<Example> Parse(string file, byte[] bytes)
    {
        var examples = new List<Example>();
        var line = 0;
        foreach (var text in System.Text.Encoding.UTF8.GetString(bytes).Split('\n'))
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            var example = JsonSerializer.Deserialize<Example>(text, Json)
                ?? throw new InvalidDataException($"{file}:{line} is empty.");
            if (!Known.Contains(example.Category))
            {
                throw new InvalidDataException($"{file}:{line}: \"{example.Category}\" is not a label.");
            }

            examples.Add(example with { Source = Path.GetFileNameWithoutExtension(file), Line = line, Urgent = example.Urgent && example.Category != "other" });
        }

        return examples;
    }

    private static readonly string[] Known = ["repair", "hazard", "dispute", "consult", "property", "environment", "fraud", "wish", "other"];

    /// <summary>Every *.jsonl file of the folders, in ordinal order of their names, and a digest of their bytes.</summary>
    public static (List<Example> Examples, string Digest, List<string> Files) Load(IEnumerable<string> folders)
    {
        var files = folders.Where(System.IO.Directory.Exists)
            .SelectMany(f => System.IO.Directory.GetFiles(f, "*.jsonl"))
            .Order(StringComparer.Ordinal)
            .ToList();
        var examples = new List<Example>();
        using var digest = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in files)
        {
            var bytes = File.ReadAllBytes(file);
            digest.AppendData(System.Text.Encoding.UTF8.GetBytes(Path.GetFileName(file) + "\n"));
            digest.AppendData(bytes);
            examples.AddRange(Parse(file, bytes));
        }

        return (examples, Convert.ToHexStringLower(digest.GetHashAndReset()), files);
    }
}
