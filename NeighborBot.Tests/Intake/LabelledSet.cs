using System.Text.Json;
using System.Text.Json.Serialization;
using NeighborBot.Intake;

namespace NeighborBot.Tests.Intake;

/// <summary>One hand-labelled resident message of Data/*.jsonl.</summary>
/// <remarks>
/// Two formats: the older sets give <c>isTicket</c>, <c>intent</c> and <c>hazard</c>; the corpus format of data/intake
/// (the blind set) gives neither, so a message is a ticket when its category is not other, and the figures that need
/// an intent or a hazard leave it out.
/// </remarks>
public sealed record LabelledMessage(
    string Text,
    bool? IsTicket,
    string Category,
    bool Urgent,
    LabelledLocation? Location,
    IntakeIntent? Intent,
    int Problems,
    IReadOnlyList<string>? Categories,
    string? Hazard)
{
    public int Line { get; init; }

    public bool Ticket => IsTicket ?? Category != IntakeCategories.Other;
}

public sealed record LabelledLocation(int? Building, int? Unit, string? Room, string? Place)
{
    public bool Matches(IntakeLocation? actual) =>
        actual is not null && actual.Building == Building && actual.Unit == Unit && actual.Room == Room && actual.Place == Place;

    /// <summary>Building, unit and room as labelled (the place's wording is the writer's own, so it is not compared).</summary>
    public bool SameHome(IntakeLocation? actual) =>
        actual is not null && actual.Building == Building && actual.Unit == Unit && actual.Room == Room;

    public override string ToString() => $"{Building?.ToString() ?? "-"}/{Unit?.ToString() ?? "-"}/{Room ?? "-"}/{Place ?? "-"}";
}

/// <summary>Reads the labelled data from the source tree (the test project's csproj is not ours to change, so the files are not copied to the output).</summary>
public static class LabelledSet
{
    public const string Main = "labelled.jsonl";
    public const string Holdout = "labelled-holdout.jsonl";

    /// <summary>Written later by someone who had not seen the rules or the other sets; read while the rules were tuned since.</summary>
    public const string Holdout2 = "labelled-holdout2.jsonl";

    /// <summary>The blind set of issue 12 (data/intake/blind, 660 messages by two writers), measured once before any tuning.</summary>
    public const string Blind = "../../../data/intake/blind/blind.jsonl";
    public const string Blind3 = "../../../data/intake/blind/blind-3.jsonl";

    /// <summary>400 messages of a writer of its own (2026-11-30), scored once with the model of ten writers before the two that followed were trained on.</summary>
    public const string Blind4 = "../../../data/intake/blind/blind-4.jsonl";

    /// <summary>A realistic spring of an older community (400, its own writer), scored once before any change and never trained on.</summary>
    public const string Blind5 = "../../../data/intake/blind/blind-5.jsonl";

    /// <summary>An older community in Kaifeng (400, its own writer, 2026-11-30), first scored on the code the session began with, never read nor trained on.</summary>
    public const string Blind6 = "../../../data/intake/blind/blind-6.jsonl";

    /// <summary>An older Luohe community over a year (400), written last by its own writer, never read nor trained on; scored once before any change (data/intake/blind/measured-before-tuning.txt).</summary>
    public const string Blind7 = "../../../data/intake/blind/blind-7.jsonl";

    /// <summary>A Zhoukou work-unit compound over a year (400), written last by its own writer, never read nor trained on; scored once before any change (data/intake/blind/measured-before-tuning.txt).</summary>
    public const string Blind8 = "../../../data/intake/blind/blind-8.jsonl";

    /// <summary>An older Xinyang community over a year (400), written last by its own writer, never read nor trained on; scored once before any change (data/intake/blind/measured-before-tuning.txt).</summary>
    public const string Blind9 = "../../../data/intake/blind/blind-9.jsonl";

    /// <summary>An older Puyang oilfield community over a year (400), written last by its own writer, never read nor trained on; scored once before any change (data/intake/blind/measured-before-tuning.txt).</summary>
    public const string Blind10 = "../../../data/intake/blind/blind-10.jsonl";

    /// <summary>An old cement-works and textile-mill community in Linzhou over a year (400), written last by its own writer, never read nor trained on; scored once before any change (data/intake/blind/measured-before-tuning.txt).</summary>
    public const string Blind11 = "../../../data/intake/blind/blind-11.jsonl";

    /// <summary>A riverside community in Runan county town over a year (400), written last by its own writer, never read nor trained on; scored once before any change from it (data/intake/blind/measured-before-tuning.txt).</summary>
    public const string Blind12 = "../../../data/intake/blind/blind-12.jsonl";

    /// <summary>Written on 2026-11-30 for the model's weak spots (elderly wishes; public facilities, two things at once), not trained on.</summary>
    public const string Fresh11 = "../../../data/intake/fresh/fresh-11.jsonl";

    public const string Fresh12 = "../../../data/intake/fresh/fresh-12.jsonl";

    /// <summary>A winter month (ice, pipes, coal stoves, year-end scams), written to train on and kept to evaluate (data/intake/fresh/README.md).</summary>
    public const string Fresh15 = "../../../data/intake/fresh/fresh-15.jsonl";

    /// <summary>Fine category lines in shared spaces, and urgency both ways among elderly voices: written to train on and kept to evaluate (data/intake/fresh/README.md).</summary>
    public const string Fresh16 = "../../../data/intake/fresh/fresh-16.jsonl";

    /// <inheritdoc cref="Fresh16"/>
    public const string Fresh17 = "../../../data/intake/fresh/fresh-17.jsonl";

    /// <summary>A Kaifeng community's retirees, children and shopkeepers (400), written to evaluate and never trained on (data/intake/fresh/README.md).</summary>
    public const string Fresh18 = "../../../data/intake/fresh/fresh-18.jsonl";

    /// <summary>
    /// A Pingdingshan mining estate, urgency read both ways (fresh-19), and a Xuchang high-rise's category lines (fresh-20), 400
    /// each: development sets, their misses read and worked from (data/intake/fresh/README.md).
    /// </summary>
    public const string Fresh19 = "../../../data/intake/fresh/fresh-19.jsonl";

    /// <inheritdoc cref="Fresh19"/>
    public const string Fresh20 = "../../../data/intake/fresh/fresh-20.jsonl";

    /// <summary>An older Xinyang community, alarming words that are no emergency (400): a development set (data/intake/fresh/README.md).</summary>
    public const string Fresh21 = "../../../data/intake/fresh/fresh-21.jsonl";

    /// <summary>A Nanyang resettlement community, a third urgent and a third only alarming (400): a development set (data/intake/fresh/README.md).</summary>
    public const string Fresh22 = "../../../data/intake/fresh/fresh-22.jsonl";

    /// <summary>A Zhengzhou high-rise, half urgent told indirectly and half look-alikes (300): a development set (data/intake/fresh/README.md).</summary>
    public const string Fresh23 = "../../../data/intake/fresh/fresh-23.jsonl";

    /// <summary>A Pingdingshan mining-bureau community, the category lines of the guide and urgency both ways (400): a development set (data/intake/fresh/README.md).</summary>
    public const string Fresh24 = "../../../data/intake/fresh/fresh-24.jsonl";

    /// <summary>Older Xinyang and Zhumadian communities, the many ways residents say where (300): a development set (data/intake/fresh/README.md).</summary>
    public const string Fresh25 = "../../../data/intake/fresh/fresh-25.jsonl";

    /// <summary>A Shangqiu community over a year, where everyday words mislead about the category (400): a development set (data/intake/fresh/README.md).</summary>
    public const string Fresh26 = "../../../data/intake/fresh/fresh-26.jsonl";

    /// <summary>An Anyang community: 120 messages that are no ticket, and requests that look like them (300): a development set (data/intake/fresh/README.md).</summary>
    public const string Fresh27 = "../../../data/intake/fresh/fresh-27.jsonl";

    /// <summary>How residents from many provinces say where (300, a Jiaozuo community), a development set (data/intake/fresh/README.md).</summary>
    public const string Fresh28 = "../../../data/intake/fresh/fresh-28.jsonl";

    /// <summary>Chat that asks nothing beside requests that look like it, and scary words urgent or not (300, Sanmenxia), a development set.</summary>
    public const string Fresh29 = "../../../data/intake/fresh/fresh-29.jsonl";

    /// <summary>Chat of a Gongyi community group beside requests that read like chat (500), written to train on and kept to evaluate (data/intake/fresh/README.md).</summary>
    public const string Fresh30 = "../../../data/intake/fresh/fresh-30.jsonl";

    /// <summary>Urgent or not: dangers told every way beside alarming words that are past, heard of or over (400, Xinzheng resettlement towers), a development set.</summary>
    public const string Fresh31 = "../../../data/intake/fresh/fresh-31.jsonl";

    /// <summary>Where the problem is, written every way (300, a Dengzhou county-town community), a development set.</summary>
    public const string Fresh32 = "../../../data/intake/fresh/fresh-32.jsonl";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>NeighborBot.Tests/Intake/Data, found by walking up from the test binaries to the folder holding NeighborBot.sln.</summary>
    public static string DataDirectory { get; } = FindDataDirectory();

    public static IReadOnlyList<LabelledMessage> Load(string file)
    {
        var messages = new List<LabelledMessage>();
        var line = 0;
        foreach (var text in File.ReadLines(Path.Combine(DataDirectory, file)))
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            var message = JsonSerializer.Deserialize<LabelledMessage>(text, Json)
                ?? throw new InvalidDataException($"{file}:{line} is empty.");
            messages.Add(message with { Line = line });
        }

        return messages;
    }

    private static string FindDataDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NeighborBot.sln")))
            {
                return Path.Combine(dir.FullName, "NeighborBot.Tests", "Intake", "Data");
            }
        }

        throw new DirectoryNotFoundException($"No NeighborBot.sln above {AppContext.BaseDirectory}; the intake data set lives next to it.");
    }
}
