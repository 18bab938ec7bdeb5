using System.Text.Json;
using System.Text.Json.Serialization;
using NeighborBot.Groups;
using NeighborBot.Tickets;

namespace NeighborBot.Bridges;

/// <summary>One group message as a bridge posts it (docs/bridge-protocol.md).</summary>
public sealed record BridgeMessage
{
    public string? Id { get; init; }
    public BridgeParty? Group { get; init; }
    public BridgeParty? Sender { get; init; }
    public bool Mentioned { get; init; }
    public string? Kind { get; init; }
    public string? Text { get; init; }
    public List<BridgeAttachment>? Attachments { get; init; }
    public DateTimeOffset? SentAt { get; init; }

    public static readonly string[] Kinds = ["text", "image", "voice", "other"];

    /// <summary>Reads a body, or says why it cannot be read, in words a bridge's author can act on.</summary>
    public static BridgeMessage? Read(ReadOnlySpan<byte> body, out string? problem)
    {
        BridgeMessage? message;
        try
        {
            message = JsonSerializer.Deserialize(body, BridgeJson.Default.BridgeMessage);
        }
        catch (JsonException ex)
        {
            problem = "The body is not valid JSON" + (ex.LineNumber is { } line ? $" (line {line + 1}, byte {ex.BytePositionInLine + 1})." : ".");
            return null;
        }

        var problems = new List<string>();
        if (message is null)
        {
            problems.Add("The body is empty: send one message as a JSON object.");
        }
        else
        {
            if (string.IsNullOrWhiteSpace(message.Id))
            {
                problems.Add("id is missing");
            }

            if (string.IsNullOrWhiteSpace(message.Group?.Id))
            {
                problems.Add("group.id is missing");
            }

            if (string.IsNullOrWhiteSpace(message.Sender?.Id))
            {
                problems.Add("sender.id is missing");
            }
            else if (message.Sender.Id == GroupAddress.WholeGroupId)
            {
                problems.Add($"sender.id may not be '{GroupAddress.WholeGroupId}' (it stands for the whole group)");
            }

            if (message.Kind is null || !Kinds.Contains(message.Kind))
            {
                problems.Add($"kind must be one of {string.Join(", ", Kinds)}");
            }
        }

        problem = problems.Count == 0 ? null : string.Join("; ", problems);
        return problem is null ? message : null;
    }
}

public sealed record BridgeParty(string? Id, string? Name);

public sealed record BridgeAttachment(string? Kind, string? Url, string? MediaId);

/// <summary>What NeighborBot answers a bridge: the text to say in the group (or none) and the ticket opened (or none).</summary>
public sealed record BridgeAnswer(string? Reply, string? Ticket);

/// <summary>What NeighborBot posts to a bridge's SendUrl: a text for a group, mentioning some members.</summary>
public sealed record BridgeSend(string Group, string Text, IReadOnlyList<string> Mentions);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, AllowTrailingCommas = true, ReadCommentHandling = JsonCommentHandling.Skip)]
[JsonSerializable(typeof(BridgeMessage))]
[JsonSerializable(typeof(BridgeAnswer))]
[JsonSerializable(typeof(BridgeSend))]
internal sealed partial class BridgeJson : JsonSerializerContext;
