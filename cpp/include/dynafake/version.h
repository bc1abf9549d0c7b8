#pragma once

#define DYNAFAKE_VERSION "0.1.0"
