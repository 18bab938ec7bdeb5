using System.Text.Json;
using System.Text.Json.Serialization;

namespace NeighborBot.Broadcasts;

/// <summary>
/// Who a broadcast reaches, resolved from the directory when a run starts (not when it is written), so
/// a household bound or a group mapped in the meantime is reached. Every part may be left out; the
/// parts add up, and each recipient is reached once.
/// </summary>
public sealed record Audience
{
    /// <summary>WeChat groups of the directory: <c>"all"</c>, or a list of grid ids (their groups) and group ids.</summary>
    public GroupChoice? Groups { get; init; }

    /// <summary>Residents bound to a household: <c>"all"</c>, or <c>{"grids": [...], "tags": [...]}</c>.</summary>
    public ResidentChoice? Residents { get; init; }

    /// <summary>People of the directory with one of these roles: <c>grid-worker</c>, <c>volunteer</c>, ...</summary>
    public IReadOnlyList<string> Roles { get; init; } = [];

    /// <summary>People of the directory by id.</summary>
    public IReadOnlyList<string> People { get; init; } = [];

    /// <summary>Households by id: the residents bound to them.</summary>
    public IReadOnlyList<string> Households { get; init; } = [];

    [JsonIgnore]
    public bool IsEmpty => Groups is null && Residents is null && Roles.Count == 0 && People.Count == 0 && Households.Count == 0;
}

/// <summary><c>"all"</c>, or the grids whose groups are meant and single groups (by id, or <c>bridge/id</c>).</summary>
[JsonConverter(typeof(GroupChoiceJson))]
public sealed record GroupChoice(bool All, IReadOnlyList<string> Ids)
{
    public static readonly GroupChoice Everyone = new(true, []);
}

/// <summary>
/// <c>"all"</c>, or residents of some grids and/or with some household tags (<c>elderly60</c>,
/// <c>living-alone</c>, <c>low-lying</c>). With both, a resident must be in one of the grids and have one of the tags.
/// </summary>
[JsonConverter(typeof(ResidentChoiceJson))]
public sealed record ResidentChoice(bool All, IReadOnlyList<string> Grids, IReadOnlyList<string> Tags)
{
    public static readonly ResidentChoice Everyone = new(true, [], []);
}

/// <summary>Reads and writes <c>"all"</c> or a list of strings.</summary>
internal sealed class GroupChoiceJson : JsonConverter<GroupChoice>
{
    public override GroupChoice Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString() == "all" ? GroupChoice.Everyone : throw new JsonException("\"groups\" must be \"all\" or a list of grid and group ids.");
        }

        return new GroupChoice(false, AudienceJson.ReadStrings(ref reader, "groups"));
    }

    public override void Write(Utf8JsonWriter writer, GroupChoice value, JsonSerializerOptions options)
    {
        if (value.All)
        {
            writer.WriteStringValue("all");
            return;
        }

        AudienceJson.WriteStrings(writer, value.Ids);
    }
}

/// <summary>Reads and writes <c>"all"</c> or <c>{"grids": [...], "tags": [...]}</c>.</summary>
internal sealed class ResidentChoiceJson : JsonConverter<ResidentChoice>
{
    public override ResidentChoice Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString() == "all" ? ResidentChoice.Everyone : throw new JsonException("\"residents\" must be \"all\" or {\"grids\": [...], \"tags\": [...]}.");
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("\"residents\" must be \"all\" or {\"grids\": [...], \"tags\": [...]}.");
        }

        List<string> grids = [], tags = [];
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case "grids":
                    grids = AudienceJson.ReadStrings(ref reader, "residents.grids");
                    break;
                case "tags":
                    tags = AudienceJson.ReadStrings(ref reader, "residents.tags");
                    break;
                default:
                    throw new JsonException($"\"residents.{name}\" is not known; use \"grids\" and \"tags\".");
            }
        }

        return new ResidentChoice(grids.Count == 0 && tags.Count == 0, grids, tags);
    }

    public override void Write(Utf8JsonWriter writer, ResidentChoice value, JsonSerializerOptions options)
    {
        if (value.All)
        {
            writer.WriteStringValue("all");
            return;
        }

        writer.WriteStartObject();
        writer.WritePropertyName("grids");
        AudienceJson.WriteStrings(writer, value.Grids);
        writer.WritePropertyName("tags");
        AudienceJson.WriteStrings(writer, value.Tags);
        writer.WriteEndObject();
    }
}

internal static class AudienceJson
{
    public static List<string> ReadStrings(ref Utf8JsonReader reader, string what)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException($"\"{what}\" must be a list of strings.");
        }

        var list = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String || reader.GetString() is not { Length: > 0 } value)
            {
                throw new JsonException($"\"{what}\" must be a list of non-empty strings.");
            }

            list.Add(value.Trim());
        }

        return list;
    }

    public static void WriteStrings(Utf8JsonWriter writer, IReadOnlyList<string> values)
    {
        writer.WriteStartArray();
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}
