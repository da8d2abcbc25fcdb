// The one table of screens. Adding a screen is one row here and its file in screens/: the
// ScreenId, the route name (`--open`, scripts, the UI dump), who it is for, what its route
// carries, the function in screens/ that draws it, and the data it shows besides the content
// are all taken from the row.
#pragma once

// Audience:  Outside    no visit and no toolbar (attract, the keypad, the safe screen)
//            Resident   a resident's screen: toolbar and idle reset
//            Staff      behind a PIN, any team member
//            Technician behind a technician's PIN
// Parameter: Plain      "name"            Number "name:N" (skill 1..5)
//            PortalId, LessonId, QuizId   "name:ID", an id the content must know (checked for
//                       --open and deep links; a lesson id starts the player, a quiz id a
//                       quiz session, whatever screen the row is)
//            Internal   never opened by name (the kiosk goes there)
// Data:      what the screen reads from its Context (c.data<T>()) besides the content, loaded
//            between frames by the kiosk's services (Services::dataSource, kiosk/app):
//            None; Dashboard  DashboardView: the statistics (queried on a worker) and the
//                             month's wrong PINs; Health  HealthInfo: the technician's facts.
//            A new screen showing data of one of these kinds takes only its row and its file.
//
//   X(id,          route name,     audience,   parameter, draw function, data)
#define TRAMSO_SCREENS(X)                                                                          \
    X(Attract, "attract", Outside, Plain, attract, None)                                           \
    X(Home, "home", Resident, Plain, home, None)                                                   \
    X(Skill, "skill", Resident, Number, skill, None)                                               \
    X(Help, "help", Resident, Plain, help, None)                                                   \
    X(Portals, "portals", Resident, Plain, portals, None)                                          \
    X(Portal, "portal", Resident, PortalId, portal, None)                                          \
    X(Tutorial, "tutorial", Resident, LessonId, tutorial, None)                                    \
    X(Quiz, "quiz", Resident, QuizId, quiz, None)                                                  \
    X(StaffLogin, "staff", Outside, Plain, staffLogin, None)                                       \
    X(StaffHome, "staff-home", Staff, Plain, staffHome, None)                                      \
    X(StaffLaunch, "staff-launch", Staff, Plain, staffLaunch, None)                                \
    X(Dashboard, "dashboard", Staff, Plain, dashboard, Dashboard)                                  \
    X(QuizGroup, "quiz-group", Staff, QuizId, quizGroup, None)                                     \
    X(Settings, "settings", Technician, Plain, settings, None)                                     \
    X(Health, "health", Technician, Plain, health, Health)                                         \
    X(Export, "export", Technician, Plain, exportScreen, None)                                     \
    X(Packs, "packs", Technician, Plain, packs, None)                                              \
    X(Safe, "safe", Outside, Internal, safe, None)                                                 \
    X(Setup, "setup", Outside, Plain, setup, None)
