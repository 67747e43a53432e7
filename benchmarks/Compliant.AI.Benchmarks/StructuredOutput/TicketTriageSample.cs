namespace Compliant.AI.Benchmarks.StructuredOutput;

/// <summary>A typical structured-output schema (ticket triage: enums, nested objects, arrays, patterns) and a ~2 KB valid answer.</summary>
internal static class TicketTriageSample
{
    public const string Schema = """
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "type": "object",
          "properties": {
            "ticketId": { "type": "string", "pattern": "^TCK-[0-9]{6}$" },
            "category": { "type": "string", "enum": ["billing", "access", "clinical", "claims", "prior_authorization", "other"] },
            "priority": { "type": "integer", "minimum": 1, "maximum": 5 },
            "confidence": { "type": "number", "minimum": 0, "maximum": 1 },
            "summary": { "type": "string", "minLength": 10, "maxLength": 500 },
            "requester": {
              "type": "object",
              "properties": {
                "role": { "type": "string", "enum": ["patient", "member", "provider", "staff"] },
                "department": { "type": ["string", "null"] },
                "contactPreference": { "type": "string", "enum": ["email", "phone", "portal"] }
              },
              "required": ["role", "contactPreference"],
              "additionalProperties": false
            },
            "routing": {
              "type": "object",
              "properties": {
                "queue": { "type": "string", "pattern": "^[a-z]+(-[a-z]+)*$" },
                "escalate": { "type": "boolean" },
                "slaHours": { "type": "integer", "minimum": 1, "maximum": 720 }
              },
              "required": ["queue", "escalate", "slaHours"],
              "additionalProperties": false
            },
            "tags": { "type": "array", "items": { "type": "string", "maxLength": 40 }, "maxItems": 10, "uniqueItems": true },
            "actions": {
              "type": "array",
              "minItems": 1,
              "maxItems": 10,
              "items": {
                "type": "object",
                "properties": {
                  "step": { "type": "integer", "minimum": 1 },
                  "owner": { "type": "string", "enum": ["agent", "supervisor", "clinician", "billing_team", "it"] },
                  "description": { "type": "string", "maxLength": 300 },
                  "dueInHours": { "type": "integer", "minimum": 0 }
                },
                "required": ["step", "owner", "description"],
                "additionalProperties": false
              }
            },
            "citations": {
              "type": "array",
              "items": {
                "type": "object",
                "properties": {
                  "sourceId": { "type": "string", "pattern": "^[A-Za-z0-9_.-]+$" },
                  "quote": { "type": "string", "maxLength": 400 }
                },
                "required": ["sourceId"],
                "additionalProperties": false
              }
            }
          },
          "required": ["ticketId", "category", "priority", "summary", "requester", "routing", "actions"],
          "additionalProperties": false
        }
        """;

    public const string Instance = """
        {
          "ticketId": "TCK-104233",
          "category": "billing",
          "priority": 2,
          "confidence": 0.87,
          "summary": "Member reports being charged twice for the same outpatient visit on the latest statement and asks for a corrected bill and a refund of the duplicate payment.",
          "requester": { "role": "member", "department": null, "contactPreference": "portal" },
          "routing": { "queue": "billing-disputes", "escalate": false, "slaHours": 72 },
          "tags": ["duplicate-charge", "refund", "statement", "outpatient", "member-portal"],
          "actions": [
            { "step": 1, "owner": "agent", "description": "Confirm the two charges share the same date of service, provider and procedure codes in the claims system.", "dueInHours": 4 },
            { "step": 2, "owner": "billing_team", "description": "Void the duplicate line item and reissue the statement with the corrected balance.", "dueInHours": 24 },
            { "step": 3, "owner": "billing_team", "description": "Issue a refund of the duplicate payment to the original payment method and record the reference number.", "dueInHours": 48 },
            { "step": 4, "owner": "agent", "description": "Send a portal message to the member with the corrected statement and the refund reference.", "dueInHours": 72 }
          ],
          "citations": [
            { "sourceId": "billing-policy-4.2", "quote": "Duplicate charges identified by the member must be corrected and refunded within ten business days of confirmation." },
            { "sourceId": "refund-procedure-1.3", "quote": "Refunds are issued to the original payment method unless the member requests otherwise in writing." },
            { "sourceId": "member-communication-2.1", "quote": "Members are notified through their preferred contact channel when a billing correction is made." }
          ]
        }
        """;
}
