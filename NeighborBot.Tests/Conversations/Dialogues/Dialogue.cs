using System.Text.Json;
using System.Text.Json.Serialization;

namespace NeighborBot.Tests.Conversations.Dialogues;

/// <summary>
/// One scripted conversation of Data/*.jsonl (the format is Data/BRIEF.md, the guide its writers had):
/// the turns people take, and the tickets and messages it must end with.
/// </summary>
public sealed record Dialogue(string Id, string? Note, DateTimeOffset? Start, IReadOnlyList<DialogueTurn> Turns, DialogueExpectation Expect)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow };

    public override string ToString() => Id;

    /// <summary>Every conversation of the files, in file order.</summary>
    public static IReadOnlyList<Dialogue> Load(IEnumerable<string> files) =>
    [
        .. files.SelectMany(file => File.ReadLines(file).Select((line, at) => (line, at, file)))
            .Where(l => l.line.Trim().Length > 0)
            .Select(l => JsonSerializer.Deserialize<Dialogue>(l.line, Json)
                ?? throw new InvalidDataException($"{Path.GetFileName(l.file)}:{l.at + 1} is empty.")),
    ];

    /// <summary>The repository's conversations: NeighborBot.Tests/Conversations/Dialogues/Data/*.jsonl.</summary>
    public static IReadOnlyList<Dialogue> Written() => Load(System.IO.Directory.GetFiles(DataDirectory, "*.jsonl").Order(StringComparer.Ordinal));

    public static string DataDirectory { get; } = FindDataDirectory();

    private static string FindDataDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NeighborBot.sln")))
            {
                return Path.Combine(dir.FullName, "NeighborBot.Tests", "Conversations", "Dialogues", "Data");
            }
        }

        throw new DirectoryNotFoundException("NeighborBot.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>One turn: someone says, sends a pin, a photo or a voice note; or time passes.</summary>
public sealed partial record DialogueTurn(string? Who, string? Say, string? Pin, bool? Photo, string? Voice, string? Wait)
{
    /// <summary>How long a <see cref="Wait"/> is: <c>30m</c>, <c>2h</c>, <c>1d</c>, or several of them (<c>1h30m</c>).</summary>
    public TimeSpan WaitSpan
    {
        get
        {
            var parts = WaitParts().Matches(Wait ?? string.Empty);
            if (parts.Count == 0 || string.Concat(parts.Select(p => p.Value)) != Wait)
            {
                throw new InvalidDataException($"A wait is a number and m, h or d: '{Wait}'.");
            }

            return parts.Aggregate(TimeSpan.Zero, (sum, p) =>
            {
                var n = double.Parse(p.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                return sum + (p.Groups[2].Value switch { "m" => TimeSpan.FromMinutes(n), "h" => TimeSpan.FromHours(n), _ => TimeSpan.FromDays(n) });
            });
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"(\d+(?:\.\d+)?)([mhd])")]
    private static partial System.Text.RegularExpressions.Regex WaitParts();
}

public sealed record DialogueExpectation(
    IReadOnlyList<ExpectedTicket> Tickets,
    IReadOnlyList<Concerning>? Told,
    IReadOnlyList<Concerning>? NotTold,
    bool? Handover);

/// <summary>A ticket the conversation must end with; parts left out are not checked.</summary>
public sealed record ExpectedTicket(
    string Ref,
    string By,
    string Category,
    bool Urgent,
    ExpectedPlace? Place,
    string Status,
    string? Handler,
    IReadOnlyList<int>? Rating,
    int? Chased,
    IReadOnlyList<string>? Notes);

/// <summary>A home's parts (those given are checked), or a public spot by name.</summary>
public sealed record ExpectedPlace(int? Building, int? Unit, string? Room, string? Place);

/// <summary>Someone who must (or must not) have been sent a message about a ticket.</summary>
public sealed record Concerning(string Who, string About);
