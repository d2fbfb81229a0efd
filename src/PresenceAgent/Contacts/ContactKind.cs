namespace PresenceAgent.Contacts;

public enum ContactKind
{
    Vmr,
    Auditorium,
    Gateway,
}
