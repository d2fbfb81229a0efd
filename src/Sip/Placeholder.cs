namespace PresenceAgent.Sip; internal static class Placeholder { }
