// Whether this process gave up work on a stick that stopped answering (runAbandonable in
// stick_fs.hpp, or an export given up at quit in db/usb_export.cpp). Such a thread may wait in the
// kernel until the process ends, so the process then leaves at once when it is done (main.cpp): the
// destructors and exit handlers that run on a normal exit could wait for that thread for good (a
// leak check that stops every thread does) or free what it might still touch.
#pragma once

namespace tramso {

bool stickWorkAbandoned();
// Records that work was left on a detached thread (runAbandonable, an export given up at quit).
void noteWorkAbandoned();

} // namespace tramso
