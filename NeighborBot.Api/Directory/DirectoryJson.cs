using System.Diagnostics.CodeAnalysis;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using System.Text.Unicode;
using NeighborBot.Directory;

namespace NeighborBot.Api.Directory;

/// <summary>
/// The directory as admins write and read it (shared/design/interfaces.md): any field order, trailing
/// commas, comments and numbers in quotes accepted; a field the records do not know refused, and so is
/// a directory without one of its sections; written with <c>openid</c>, readable Chinese and without
/// empty lists that mean nothing for a role.
/// </summary>
internal static class DirectoryJson
{
    /// <summary>The contract: unknown fields are refused and <see cref="JsonRequiredAttribute"/> sections must be there.</summary>
    public static readonly JsonSerializerOptions Options = new(DirectoryJsonContext.Default.Options)
    {
        TypeInfoResolver = DirectoryJsonContext.Default.WithAddedModifier(Shape),
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>
    /// The first pass of reading: the same shape, but fields are not counted, so that a wrong value is
    /// named by its line and the second pass (<see cref="JsonContract"/>) lists every unknown or missing field at once.
    /// </summary>
    private static readonly JsonSerializerOptions Reading = new(Options)
    {
        TypeInfoResolver = DirectoryJsonContext.Default.WithAddedModifier(Shape).WithAddedModifier(NothingRequired),
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    };

    private static readonly JsonReaderOptions ReaderOptions = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    public static JsonTypeInfo<DirectoryDocument> Document { get; } = (JsonTypeInfo<DirectoryDocument>)Options.GetTypeInfo(typeof(DirectoryDocument));

    public static JsonTypeInfo<Household> Household { get; } = (JsonTypeInfo<Household>)Options.GetTypeInfo(typeof(Household));

    public static JsonTypeInfo<Person> Person { get; } = (JsonTypeInfo<Person>)Options.GetTypeInfo(typeof(Person));

    public static JsonTypeInfo<ChatGroup> Group { get; } = (JsonTypeInfo<ChatGroup>)Options.GetTypeInfo(typeof(ChatGroup));

    /// <summary>A whole directory, normalized; or every problem of the body, without exception text.</summary>
    public static JsonBody<DirectoryDocument> ReadDirectory(ReadOnlySpan<byte> utf8) =>
        Read(utf8, Document, "directory",
            "The body is empty: send the directory as JSON, {\"communities\": [...], \"grids\": [...], \"households\": [...], \"people\": [...]}.")
        .Map(Normalize);

    /// <summary>One household (the body of <c>PUT /api/admin/directory/households/{id}</c>), normalized.</summary>
    public static JsonBody<Household> ReadHousehold(ReadOnlySpan<byte> utf8) =>
        Read(utf8, Household, "household",
            "The body is empty: send one household as JSON, {\"building\": 3, \"unit\": 2, \"room\": \"501\", \"tags\": [\"elderly60\"]}.")
        .Map(Normalize);

    /// <summary>One person (the body of <c>PUT /api/admin/directory/people/{id}</c>), normalized.</summary>
    public static JsonBody<Person> ReadPerson(ReadOnlySpan<byte> utf8) =>
        Read(utf8, Person, "person",
            "The body is empty: send one person as JSON, {\"name\": \"张伟\", \"roles\": [\"grid-worker\"], \"grids\": [\"g1\"]}.")
        .Map(Normalize);

    /// <summary>One group's mapping (the body of <c>PUT /api/admin/groups/{source}/{id}</c>), normalized.</summary>
    public static JsonBody<ChatGroup> ReadGroup(ReadOnlySpan<byte> utf8) =>
        Read(utf8, Group, "group", "The body is empty: send the group's mapping as JSON, {\"name\": \"3号楼住户群\", \"grid\": \"g1\"}.")
        .Map(Normalize);

    /// <summary>Reads a directory from UTF-8 JSON; <paramref name="error"/> names every problem, without exception text.</summary>
    public static bool TryRead(ReadOnlySpan<byte> utf8, [NotNullWhen(true)] out DirectoryDocument? document, [NotNullWhen(false)] out string? error)
    {
        var read = ReadDirectory(utf8);
        document = read.Value;
        error = read.Succeeded ? null : string.Join("; ", read.Problems);
        return read.Succeeded;
    }

    /// <summary>
    /// Two passes: the deserializer for the JSON itself and the type of every value (the first problem,
    /// with its line), then <see cref="JsonContract"/> for every unknown or missing field.
    /// </summary>
    private static JsonBody<T> Read<T>(ReadOnlySpan<byte> utf8, JsonTypeInfo<T> contract, string noun, string empty) where T : class
    {
        if (utf8.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            utf8 = utf8[3..];
        }

        if (utf8.Trim(" \t\r\n"u8).IsEmpty)
        {
            return JsonBody<T>.Refused(empty);
        }

        T? value;
        JsonElement json;
        try
        {
            value = JsonSerializer.Deserialize(utf8, (JsonTypeInfo<T>)Reading.GetTypeInfo(typeof(T)));
            if (value is null)
            {
                return JsonBody<T>.Refused(empty);
            }

            var reader = new Utf8JsonReader(utf8, ReaderOptions);
            json = JsonElement.ParseValue(ref reader);
        }
        catch (JsonException ex)
        {
            var path = ex.Path is { Length: > 1 } p ? $", at {p.TrimStart('$').TrimStart('.')}" : string.Empty;
            return JsonBody<T>.Refused(ex.LineNumber is { } line
                ? $"The body is not a valid {noun} in JSON: look at line {line + 1}, position {ex.BytePositionInLine + 1}{path}."
                : $"The body is not a valid {noun} in JSON{path}.");
        }

        var problems = JsonContract.Check(json, contract);
        return problems.Count > 0 ? new JsonBody<T>(null, problems) : new JsonBody<T>(value, []);
    }

    /// <summary>
    /// Trims every text, turns a missing list or entry into an empty one and an empty optional text
    /// into none, so that validation names what is missing instead of failing on a null.
    /// </summary>
    public static DirectoryDocument Normalize(DirectoryDocument d) => new()
    {
        Communities = [.. (d.Communities ?? []).Select(c => c is null ? new Community() : c with { Id = Text(c.Id), Name = Text(c.Name) })],
        Grids = [.. (d.Grids ?? []).Select(g => g is null ? new Grid() : g with
        {
            Id = Text(g.Id),
            Community = Text(g.Community),
            Name = Text(g.Name),
            Buildings = g.Buildings ?? [],
        })],
        Households = [.. (d.Households ?? []).Select(h => h is null ? new Household() : Normalize(h))],
        People = [.. (d.People ?? []).Select(p => p is null ? new Person() : Normalize(p))],
        Groups = [.. (d.Groups ?? []).Select(g => g is null ? new ChatGroup() : Normalize(g))],
    };

    public static ChatGroup Normalize(ChatGroup g) => g with { Bridge = Text(g.Bridge), Id = Text(g.Id), Name = Text(g.Name), Grid = Optional(g.Grid) };

    public static Household Normalize(Household h) => h with
    {
        Id = Text(h.Id),
        Room = Text(h.Room),
        Tags = Texts(h.Tags),
        Contact = Optional(h.Contact),
        Phone = Optional(h.Phone),
        Note = Optional(h.Note),
    };

    public static Person Normalize(Person p) => p with
    {
        Id = Text(p.Id),
        Name = Text(p.Name),
        Phone = Optional(p.Phone),
        OpenId = Optional(p.OpenId),
        Department = Optional(p.Department),
        Title = Optional(p.Title),
        Roles = Texts(p.Roles),
        Grids = Texts(p.Grids),
        Households = Texts(p.Households),
        Specialties = Texts(p.Specialties),
        Hours = Texts(p.Hours),
        Identities = Texts(p.Identities),
    };

    private static string Text(string? s) => s?.Trim() ?? string.Empty;

    private static string? Optional(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static List<string> Texts(List<string>? list) => list is null ? [] : [.. list.Select(Text)];

    /// <summary>
    /// interfaces.md spells <c>openid</c>; a person's lists other than roles, and the directory's
    /// groups, are left out when empty.
    /// </summary>
    private static void Shape(JsonTypeInfo info)
    {
        if (info.Type == typeof(DirectoryDocument))
        {
            foreach (var property in info.Properties.Where(p => !p.IsRequired && p.PropertyType.IsGenericType))
            {
                property.ShouldSerialize = static (_, value) => value is System.Collections.ICollection { Count: > 0 };
            }
        }

        if (info.Type != typeof(Person))
        {
            return;
        }

        foreach (var property in info.Properties)
        {
            if (property.Name == "openId")
            {
                property.Name = "openid";
            }
            else if (property.Name is not "roles" && property.PropertyType == typeof(List<string>))
            {
                property.ShouldSerialize = static (_, value) => value is List<string> { Count: > 0 };
            }
        }
    }

    private static void NothingRequired(JsonTypeInfo info)
    {
        foreach (var property in info.Properties)
        {
            property.IsRequired = false;
        }
    }
}

/// <summary>A value read from a request body, or every problem that kept it from being read.</summary>
internal sealed record JsonBody<T>(T? Value, IReadOnlyList<string> Problems) where T : class
{
    [MemberNotNullWhen(true, nameof(Value))]
    public bool Succeeded => Value is not null && Problems.Count == 0;

    public static JsonBody<T> Refused(string problem) => new(null, [problem]);

    public JsonBody<TOut> Map<TOut>(Func<T, TOut> map) where TOut : class =>
        Succeeded ? new JsonBody<TOut>(map(Value), []) : new JsonBody<TOut>(null, Problems);
}

[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    AllowTrailingCommas = true,
    ReadCommentHandling = JsonCommentHandling.Skip,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = true)]
[JsonSerializable(typeof(DirectoryDocument))]
internal sealed partial class DirectoryJsonContext : JsonSerializerContext;
