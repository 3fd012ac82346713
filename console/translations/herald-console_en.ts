<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>Herald::Console::ApnsCredentialsBox</name>
    <message numerus="yes">
        <source>Expires %1 (%n day(s) left)</source>
        <translation>
            <numerusform>Expires %1 (%n day left)</numerusform>
            <numerusform>Expires %1 (%n days left)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Herald::Console::ApnsPanel</name>
    <message numerus="yes">
        <source>%n device(s) registered for %1</source>
        <translation>
            <numerusform>%n device registered for %1</numerusform>
            <numerusform>%n devices registered for %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Herald::Console::ApnsTargetBox</name>
    <message numerus="yes">
        <source>%n hex digit(s)</source>
        <translation>
            <numerusform>%n hex digit</numerusform>
            <numerusform>%n hex digits</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Herald::Console::AuditPanel</name>
    <message numerus="yes">
        <source>%n change(s), newest first</source>
        <translation>
            <numerusform>%n change, newest first</numerusform>
            <numerusform>%n changes, newest first</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) matching “%1”, newest first</source>
        <translation>
            <numerusform>%n change matching “%1”, newest first</numerusform>
            <numerusform>%n changes matching “%1”, newest first</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Herald::Console::BroadcastHistory</name>
    <message numerus="yes">
        <source>%n client(s)</source>
        <translation>
            <numerusform>%n client</numerusform>
            <numerusform>%n clients</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> except %n client(s)</source>
        <translation>
            <numerusform> except %n client</numerusform>
            <numerusform> except %n clients</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Herald::Console::ClientsPanel</name>
    <message numerus="yes">
        <source>%n client(s)</source>
        <translation>
            <numerusform>%n client</numerusform>
            <numerusform>%n clients</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n client(s)</source>
        <translation>
            <numerusform>%1 of %n client</numerusform>
            <numerusform>%1 of %n clients</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Kick %n client(s)</source>
        <translation>
            <numerusform>Kick %n client</numerusform>
            <numerusform>Kick %n clients</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Send to %n client(s)</source>
        <translation>
            <numerusform>Send to %n client</numerusform>
            <numerusform>Send to %n clients</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Herald::Console::ComposerPanel</name>
    <message numerus="yes">
        <source>delivered to %n client(s)</source>
        <translation>
            <numerusform>delivered to %n client</numerusform>
            <numerusform>delivered to %n clients</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Herald::Console::LogRows</name>
    <message numerus="yes">
        <source>robot %1: %n message(s) not sent (%2): %3</source>
        <translation>
            <numerusform>robot %1: %n message not sent (%2): %3</numerusform>
            <numerusform>robot %1: %n messages not sent (%2): %3</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Herald::Console::LogView</name>
    <message numerus="yes">
        <source> · paused, %n waiting</source>
        <translation>
            <numerusform> · paused, %n waiting</numerusform>
            <numerusform> · paused, %n waiting</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> · %n older dropped</source>
        <translation>
            <numerusform> · %n older dropped</numerusform>
            <numerusform> · %n older dropped</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Herald::Console::NodesView</name>
    <message numerus="yes">
        <source>%n node(s) up</source>
        <translation>
            <numerusform>%n node up</numerusform>
            <numerusform>%n nodes up</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n degraded</source>
        <translation>
            <numerusform>, %n degraded</numerusform>
            <numerusform>, %n degraded</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n gone</source>
        <translation>
            <numerusform>, %n gone</numerusform>
            <numerusform>, %n gone</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Herald::Console::RoomsModel</name>
    <message numerus="yes">
        <source>node %1: %n member(s)</source>
        <translation>
            <numerusform>node %1: %n member</numerusform>
            <numerusform>node %1: %n members</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Herald::Console::RoomsPanel</name>
    <message numerus="yes">
        <source>Make all %n member(s) of room %1 leave it? Their connections stay open.</source>
        <translation>
            <numerusform>Make the %n member of room %1 leave it? Its connection stays open.</numerusform>
            <numerusform>Make all %n members of room %1 leave it? Their connections stay open.</numerusform>
        </translation>
    </message>
</context>
</TS>
