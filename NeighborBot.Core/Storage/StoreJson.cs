using System.Text.Json;
using System.Text.Json.Serialization;
using NeighborBot.Conversations;

namespace NeighborBot.Storage;

/// <summary>JSON for everything the stores keep, generated at compile time.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ConversationState))]
[JsonSerializable(typeof(HistoryEntry))]
[JsonSerializable(typeof(LocationFix))]
[JsonSerializable(typeof(BotReply))]
internal sealed partial class StoreJson : JsonSerializerContext;
