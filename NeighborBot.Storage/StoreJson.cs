using System.Text.Json;
using System.Text.Json.Serialization;
using NeighborBot.Accounts;
using NeighborBot.Broadcasts;
using NeighborBot.Care;
using NeighborBot.Conversations;
using NeighborBot.Directory;
using NeighborBot.Groups;
using NeighborBot.Outbox;
using NeighborBot.Tickets;
using NeighborBot.Warnings;
using NeighborBot.Wishes;

namespace NeighborBot.Storage;

/// <summary>JSON for everything the stores keep, generated at compile time.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ConversationState))]
[JsonSerializable(typeof(PersonProfile))]
[JsonSerializable(typeof(HistoryEntry))]
[JsonSerializable(typeof(LocationFix))]
[JsonSerializable(typeof(BotReply))]
[JsonSerializable(typeof(Ticket))]
[JsonSerializable(typeof(DirectoryDocument))]
[JsonSerializable(typeof(OutboundMessage))]
[JsonSerializable(typeof(SendAttempt))]
[JsonSerializable(typeof(InFlightSend))]
[JsonSerializable(typeof(UnknownGroup))]
[JsonSerializable(typeof(DirectoryRevision))]
[JsonSerializable(typeof(BoundEntry))]
[JsonSerializable(typeof(Broadcast))]
[JsonSerializable(typeof(Recipient))]
[JsonSerializable(typeof(Warning))]
[JsonSerializable(typeof(CareEntry))]
[JsonSerializable(typeof(Wish))]
[JsonSerializable(typeof(NeighborBot.Mediation.MediationBooking))]
[JsonSerializable(typeof(StaffAccount))]
[JsonSerializable(typeof(AuditEntry))]
internal sealed partial class StoreJson : JsonSerializerContext;
